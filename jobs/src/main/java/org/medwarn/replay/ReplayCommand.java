package org.medwarn.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.medwarn.avro.DeadLetter;
import org.medwarn.avro.Feedback;
import org.medwarn.avro.LedgerEntry;
import org.medwarn.avro.Screening;
import org.medwarn.avro.Warning;
import org.medwarn.cli.Args;
import org.medwarn.ingest.RawRecord;
import org.medwarn.ingest.SettlementTimeWatermarks;
import org.medwarn.job.MonitoringJob;
import org.medwarn.job.MonitoringWorkflow;
import org.medwarn.job.Sinks;
import org.medwarn.job.Sources;
import org.medwarn.policy.Policy;
import org.medwarn.policy.PolicyHistory;
import org.medwarn.policy.PolicyLoader;
import org.medwarn.util.Directories;

/**
 * {@code medwarn replay --settlements S.jsonl [--persons P.jsonl] [--policy policy.yaml |
 * --policy-history A.yaml --policy-history B.yaml ...] --out DIR [--parallelism N]}: runs the
 * monitoring workflow over JSON Lines files in bounded mode, for audits and tests. The registry
 * file is read before the settlements by a single reader, so a replay is deterministic whatever the
 * parallelism; outputs are sorted. Writes {@code warnings.jsonl}, {@code ledger.jsonl} (final state
 * per person and year), {@code dead-letters.jsonl}, {@code screenings.jsonl} (by county, category,
 * instant) and {@code feedback.jsonl} (by county, township, level, instant; immediate ones by
 * warning) into DIR. With {@code --policy-history} every policy applies from its {@code
 * effective_from} (a re-evaluation at that event time, warnings with trigger POLICY_CHANGE), as a
 * live job given the same policies would.
 */
public final class ReplayCommand {
    static final Set<String> OPTIONS =
            Set.of(
                    "settlements",
                    "persons",
                    "policy",
                    "policy-history",
                    "out",
                    "parallelism",
                    "state-backend");

    private ReplayCommand() {}

    /** Result counts of a replay. */
    public record Summary(
            long inputLines,
            long warnings,
            long ledgerRows,
            long deadLetters,
            Map<String, Long> warningsByLevel,
            Map<String, Long> ledgerByCategoryAndLevel,
            Map<String, Long> deadLettersByReason,
            long millis,
            Map<String, Long> screeningsByCategory,
            Map<String, Long> feedbackByLevel) {}

    public static Summary run(String[] argv, PrintStream out) throws Exception {
        Args args = new Args("replay", argv, OPTIONS);
        Path settlements = args.existingFile("settlements");
        Path persons = args.get("persons", null) == null ? null : args.existingFile("persons");
        PolicyHistory policies = policies(args);
        Path outDir = Path.of(args.required("out"));
        int parallelism = args.intValue("parallelism", 2);
        out.printf(
                "replay: policy %s, %s%s -> %s (parallelism %d)%n",
                policies, persons == null ? "" : persons + " + ", settlements, outDir, parallelism);
        return runBounded(
                        persons,
                        settlements,
                        List.of(policies),
                        List.of(outDir),
                        parallelism,
                        args.get("state-backend", "hashmap"),
                        "replay",
                        out)
                .get(0);
    }

    /** {@code --policy FILE} (default: the shipped policy) or {@code --policy-history FILE...}. */
    static PolicyHistory policies(Args args) {
        List<String> history = args.all("policy-history");
        if (!history.isEmpty()) {
            if (args.get("policy", null) != null) {
                throw new Args.UsageException(
                        "replay: give either --policy or --policy-history, not both");
            }
            List<Policy> list = new ArrayList<>();
            for (String file : history) {
                list.add(PolicyLoader.load(Path.of(file)));
            }
            return PolicyHistory.of(list);
        }
        return PolicyHistory.of(
                args.get("policy", null) == null
                        ? PolicyLoader.defaultPolicy()
                        : PolicyLoader.load(Path.of(args.get("policy", null))));
    }

    /**
     * Runs the monitoring workflow over the files in bounded mode once per policy history, in one
     * job that reads and decodes the input once: {@code outDirs.get(i)} receives the sorted output
     * under {@code runs.get(i)}.
     */
    public static List<Summary> runBounded(
            Path persons,
            Path settlements,
            List<PolicyHistory> runs,
            List<Path> outDirs,
            int parallelism,
            String stateBackend,
            String label,
            PrintStream out)
            throws Exception {
        JsonLinesFormat.LINES_READ.set(0);
        return runBounded(
                sources(persons, settlements),
                JsonLinesFormat.LINES_READ::get,
                "lines",
                runs,
                outDirs,
                parallelism,
                stateBackend,
                label,
                out);
    }

    /**
     * As {@link #runBounded(Path, Path, List, List, int, String, String, PrintStream)} over any
     * bounded {@code sources} (a backtest's Kafka time range); {@code read} counts the input
     * records read so far, for progress output (in {@code unit}s) and {@link Summary#inputLines}.
     */
    public static List<Summary> runBounded(
            Sources sources,
            LongSupplier read,
            String unit,
            List<PolicyHistory> runs,
            List<Path> outDirs,
            int parallelism,
            String stateBackend,
            String label,
            PrintStream out)
            throws Exception {
        List<Path> parts = new ArrayList<>();
        for (Path outDir : outDirs) {
            Files.createDirectories(outDir);
            parts.add(Files.createTempDirectory(outDir, ".parts"));
        }
        long start = System.nanoTime();
        StreamExecutionEnvironment env = environment(parallelism, stateBackend);
        MonitoringWorkflow.Inputs inputs = MonitoringWorkflow.inputs(env, sources);
        for (int i = 0; i < runs.size(); i++) {
            MonitoringWorkflow.monitor(
                    inputs, sinks(parts.get(i)), runs.get(i), runs.size() == 1 ? "" : "-" + i);
        }

        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor();
        progress.scheduleAtFixedRate(
                () ->
                        out.printf(
                                "%s: %,d %s read (%.0f s)%n",
                                label, read.getAsLong(), unit, (System.nanoTime() - start) / 1e9),
                5,
                5,
                TimeUnit.SECONDS);
        try {
            env.execute("medwarn " + label);
        } finally {
            progress.shutdownNow();
        }
        long lines = read.getAsLong();
        List<Summary> summaries = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            Path outDir = outDirs.get(i);
            long warnings = ReplayOutput.merge(parts.get(i), "warnings", outDir);
            long ledger = ReplayOutput.merge(parts.get(i), "ledger", outDir);
            long dead = ReplayOutput.merge(parts.get(i), "dead-letters", outDir);
            long screenings = ReplayOutput.merge(parts.get(i), "screenings", outDir);
            long feedback = ReplayOutput.merge(parts.get(i), "feedback", outDir);
            Directories.deleteTree(parts.get(i));
            long millis = (System.nanoTime() - start) / 1_000_000;
            Summary summary =
                    new Summary(
                            lines,
                            warnings,
                            ledger,
                            dead,
                            count(outDir.resolve("warnings.jsonl"), "to_level"),
                            count(outDir.resolve("ledger.jsonl"), "category", "level"),
                            count(outDir.resolve("dead-letters.jsonl"), "reason"),
                            millis,
                            count(outDir.resolve("screenings.jsonl"), "category"),
                            count(outDir.resolve("feedback.jsonl"), "level", "immediate"));
            summaries.add(summary);
            out.printf(
                    "%s: %,d %s in %.1f s (%,.0f %s/s)%s%n",
                    label,
                    lines,
                    unit,
                    millis / 1000.0,
                    lines * 1000.0 / Math.max(1, millis),
                    unit,
                    runs.size() == 1 ? "" : ", policy " + runs.get(i) + " -> " + outDir);
            out.printf(
                    "  warnings.jsonl     %,d  by new level %s%n",
                    warnings, summary.warningsByLevel());
            out.printf(
                    "  ledger.jsonl       %,d  by category/level %s%n",
                    ledger, summary.ledgerByCategoryAndLevel());
            out.printf(
                    "  dead-letters.jsonl %,d  by reason %s%n",
                    dead, summary.deadLettersByReason());
            out.printf(
                    "  screenings.jsonl   %,d  by category %s%n",
                    screenings, summary.screeningsByCategory());
            out.printf(
                    "  feedback.jsonl     %,d  by level/immediate %s%n",
                    feedback, summary.feedbackByLevel());
        }
        return summaries;
    }

    static StreamExecutionEnvironment environment(int parallelism, String stateBackend) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        conf.set(StateBackendOptions.STATE_BACKEND, stateBackend);
        // --state-backend rocksdb: the job's block cache, not Flink's local 128 MiB
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MonitoringJob.LOCAL_MANAGED_MEMORY);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
        return env;
    }

    static Sources sources(Path persons, Path settlements) {
        List<String> order = new ArrayList<>();
        Map<String, RawRecord.InputKind> kinds = new HashMap<>();
        List<org.apache.flink.core.fs.Path> paths = new ArrayList<>();
        if (persons != null) {
            add(persons, RawRecord.InputKind.PERSON, order, kinds, paths);
        }
        add(settlements, RawRecord.InputKind.SETTLEMENT, order, kinds, paths);
        FileSource<RawRecord> files =
                FileSource.forBulkFileFormat(
                                new JsonLinesFormat(kinds),
                                paths.toArray(new org.apache.flink.core.fs.Path[0]))
                        .setSplitAssigner(splits -> new InputOrderSplitAssigner(order, splits))
                        .build();
        return new Sources(
                List.of(new Sources.Input("files", files, 1)),
                SettlementTimeWatermarks.punctuated(Sources.DEFAULT_OUT_OF_ORDERNESS));
    }

    private static void add(
            Path file,
            RawRecord.InputKind kind,
            List<String> order,
            Map<String, RawRecord.InputKind> kinds,
            List<org.apache.flink.core.fs.Path> paths) {
        org.apache.flink.core.fs.Path p =
                new org.apache.flink.core.fs.Path(file.toAbsolutePath().toUri());
        order.add(p.toString());
        kinds.put(p.toString(), kind);
        paths.add(p);
    }

    static Sinks sinks(Path parts) {
        return new Sinks(
                new JsonLinesPartSink<Warning>(
                        parts,
                        "warnings",
                        w -> true,
                        w -> w.getPsnNo() + " " + w.getYear() + " " + pad(w.getSequence())),
                new JsonLinesPartSink<LedgerEntry>(
                        parts,
                        "ledger",
                        LedgerEntry::getClosed,
                        l -> l.getPsnNo() + " " + l.getYear()),
                new JsonLinesPartSink<DeadLetter>(
                        parts,
                        "dead-letters",
                        d -> true,
                        d ->
                                d.getSource()
                                        + " "
                                        + pad(d.getOffset() == null ? 0 : d.getOffset())
                                        + " "
                                        + d.getReason()),
                new JsonLinesPartSink<Screening>(
                        parts,
                        "screenings",
                        s -> true,
                        s ->
                                s.getCountyCode()
                                        + " "
                                        + s.getCategory()
                                        + " "
                                        + pad(s.getScreeningTime().toEpochMilli())),
                new JsonLinesPartSink<Feedback>(
                        parts,
                        "feedback",
                        f -> true,
                        f ->
                                f.getCountyCode()
                                        + " "
                                        + pad(f.getFeedbackTime().toEpochMilli())
                                        + " "
                                        + f.getFeedbackId()));
    }

    private static String pad(long n) {
        return String.format("%012d", n);
    }

    private static Map<String, Long> count(Path jsonl, String... fields) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        Map<String, Long> counts = new TreeMap<>();
        for (String line : Files.readAllLines(jsonl)) {
            JsonNode node = mapper.readTree(line);
            StringBuilder key = new StringBuilder();
            for (String f : fields) {
                key.append(key.length() == 0 ? "" : "/").append(node.path(f).asText());
            }
            counts.merge(key.toString(), 1L, Long::sum);
        }
        return counts;
    }
}

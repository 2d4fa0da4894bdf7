package org.medwarn.bench;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.medwarn.broker.EmbeddedKafkaBroker;
import org.medwarn.cli.Args;
import org.medwarn.kafka.Topics;
import org.medwarn.util.Directories;

/**
 * {@code ./medwarn bench [--quick]}: loads one generated county into a fresh Kafka broker (child
 * JVM) and runs the contenders one after another over the same topic, each in its own child JVM:
 * ours (the monitoring job), the plain-consumer limit, the Flink SQL peer, PostgreSQL batch
 * screening, ours' recovery after a crash ({@link RecoveryRun}); then the latency of a red warning
 * at a steady rate. Prints one table with settlements/s and the ratio to ours, and writes it to
 * {@code OUT/results.md}.
 *
 * <pre>
 * ./medwarn bench [--quick] [--persons N] [--settlements M] [--parallelism 1,2]
 *     [--checkpoint-interval-ms 2000] [--rate 5000] [--latency-seconds 30]
 *     [--latency-warm-up-seconds 10]
 *     [--contenders ours,limit,sql,postgres,recovery,latency] [--profile] [--out data/bench]
 * </pre>
 */
public final class BenchCommand {
    static final Set<String> OPTIONS =
            Set.of(
                    "quick",
                    "persons",
                    "settlements",
                    "parallelism",
                    "checkpoint-interval-ms",
                    "rate",
                    "latency-seconds",
                    "latency-warm-up-seconds",
                    "contenders",
                    "profile",
                    "out");

    /** Topic of the Flink SQL peer's level changes. */
    static final String SQL_WARNINGS = "bench-sql-warnings";

    static final int PARTITIONS = 2;
    static final int YEAR = 2025;
    static final long CONTENDER_TIMEOUT_MS = 3_600_000L;

    private BenchCommand() {}

    /** Benchmark settings. */
    record Settings(
            boolean quick,
            int persons,
            long settlements,
            List<Integer> parallelisms,
            int checkpointIntervalMs,
            int rate,
            int latencySeconds,
            int latencyWarmUpSeconds,
            Set<String> contenders,
            boolean profile,
            Path out) {

        static Settings parse(String[] argv) {
            Args a = new Args("bench", argv, OPTIONS);
            boolean quick = a.flag("quick");
            return new Settings(
                    quick,
                    a.intValue("persons", quick ? 100_000 : 800_000),
                    Long.parseLong(a.get("settlements", quick ? "1000000" : "8000000")),
                    Arrays.stream(a.get("parallelism", quick ? "2" : "1,2").split(","))
                            .map(Integer::parseInt)
                            .toList(),
                    a.intValue("checkpoint-interval-ms", 2_000),
                    a.intValue("rate", 5_000),
                    a.intValue("latency-seconds", quick ? 20 : 60),
                    a.intValue("latency-warm-up-seconds", 10),
                    new LinkedHashSet<>(
                            Arrays.asList(
                                    a.get("contenders", "ours,limit,sql,postgres,recovery,latency")
                                            .split(","))),
                    a.flag("profile"),
                    Path.of(a.get("out", "data/bench")).toAbsolutePath());
        }

        /** The parallelism that the other contenders use and the ratios refer to. */
        int mainParallelism() {
            return parallelisms.get(parallelisms.size() - 1);
        }
    }

    public static void main(String[] argv) {
        try {
            run(Settings.parse(argv), System.out);
            System.exit(0);
        } catch (Args.UsageException e) {
            System.err.println("medwarn " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            System.err.println("medwarn bench failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    static void run(Settings s, PrintStream out) throws Exception {
        long started = System.nanoTime();
        Directories.deleteTree(s.out());
        Files.createDirectories(s.out());
        Report report = new Report(s, Machine.describe());
        out.println("bench: " + report.machine());
        out.printf(
                "bench: %,d persons, %,d settlements, parallelism %s, checkpoints every %d ms,"
                        + " results in %s%n",
                s.persons(), s.settlements(), s.parallelisms(), s.checkpointIntervalMs(), s.out());
        try (EmbeddedKafkaBroker broker =
                EmbeddedKafkaBroker.builder()
                        .dataDir(s.out().resolve("kafka"))
                        .maxHeap("2g")
                        .jvmOption("-XX:TieredStopAtLevel=4")
                        .start()) {
            String bootstrap = broker.bootstrapServers();
            createTopics(bootstrap);
            out.printf("bench: Kafka at %s; loading the county ...%n", bootstrap);
            BenchData.Loaded data =
                    BenchData.load(
                            bootstrap,
                            s.persons(),
                            s.settlements(),
                            YEAR,
                            s.contenders().contains("postgres") ? s.out().resolve("csv") : null,
                            out);
            report.loaded(data);
            out.printf(
                    "bench: loaded %,d persons and %,d settlement records in %.1f s%n",
                    data.persons(), data.settlementRecords(), data.seconds());
            Contenders contenders = new Contenders(s, bootstrap, data, report, out);
            if (s.contenders().contains("ours")) {
                for (int p : s.parallelisms()) {
                    contenders.ours(p);
                }
            }
            if (s.contenders().contains("limit")) {
                contenders.limit();
            }
            if (s.contenders().contains("sql")) {
                contenders.flinkSql();
            }
            if (s.contenders().contains("postgres")) {
                PostgresScreening.run(s, data, report, out);
            }
            if (s.contenders().contains("recovery")) {
                // killed half-way through what the throughput run took (15 s without it)
                double killAfter = report.reference().map(r -> r.seconds() / 2).orElse(15.0);
                RecoveryRun.run(s, bootstrap, data, killAfter, report, out);
            }
            if (s.contenders().contains("latency")) {
                LatencyRun.run(s, bootstrap, report, out);
            }
        }
        report.wallSeconds((System.nanoTime() - started) / 1e9);
        String table = report.render();
        out.println();
        out.print(table);
        Files.writeString(s.out().resolve("results.md"), table, StandardCharsets.UTF_8);
        out.printf(
                "bench: done in %.0f s; table in %s%n",
                (System.nanoTime() - started) / 1e9, s.out().resolve("results.md"));
    }

    private static void createTopics(String bootstrap)
            throws InterruptedException, ExecutionException {
        Topics.createMissing(bootstrap, PARTITIONS);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(SQL_WARNINGS, PARTITIONS, (short) 1)))
                    .all()
                    .get();
        }
    }

    /** Child JVM logs of a contender. */
    static Path log(Settings s, String name) {
        return s.out().resolve(name + ".log");
    }
}

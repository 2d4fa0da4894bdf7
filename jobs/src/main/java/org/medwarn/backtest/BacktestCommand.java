package org.medwarn.backtest;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.medwarn.cli.Args;
import org.medwarn.job.Sources;
import org.medwarn.kafka.SettlementTimeFilter;
import org.medwarn.kafka.TopicRangeSources;
import org.medwarn.policy.Policy;
import org.medwarn.policy.PolicyHistory;
import org.medwarn.policy.PolicyLoader;
import org.medwarn.replay.ReplayCommand;
import org.medwarn.time.ChinaTime;

/**
 * {@code medwarn backtest --settlements S.jsonl [--persons P.jsonl] --policy A.yaml --policy B.yaml
 * [...] --out DIR [--parallelism N]}: runs each policy over the same input in bounded mode (the
 * replay's workflow, one job that reads the input once and monitors it once per policy; each policy
 * applies to the whole input whatever its {@code effective_from}) and compares the final ledgers:
 * see {@link BacktestReport} for the files. Each policy's own replay output is in {@code
 * DIR/<i>-<version>/}.
 */
public final class BacktestCommand {
    static final Set<String> OPTIONS =
            Set.of(
                    "settlements",
                    "persons",
                    "kafka",
                    "from",
                    "to",
                    "policy",
                    "out",
                    "parallelism",
                    "state-backend");

    private BacktestCommand() {}

    /** Returns the summary's Markdown text. */
    public static String run(String[] argv, PrintStream out) throws Exception {
        Args args = new Args("backtest", argv, OPTIONS);
        Input input = Input.of(args);
        List<String> files = args.all("policy");
        if (files.size() < 2) {
            throw new Args.UsageException(
                    "backtest: give two --policy files at least (the first is the baseline)");
        }
        List<Policy> policies = new ArrayList<>();
        for (String f : files) {
            policies.add(PolicyLoader.load(Path.of(f)));
        }
        Path outDir = Path.of(args.required("out"));
        Files.createDirectories(outDir);
        List<PolicyHistory> runs = new ArrayList<>();
        List<Path> dirs = new ArrayList<>();
        for (int i = 0; i < policies.size(); i++) {
            runs.add(PolicyHistory.of(policies.get(i)));
            dirs.add(outDir.resolve(i + "-" + BacktestReport.safe(policies.get(i).version())));
        }
        out.printf(
                "backtest: %d policies %s over %s -> %s%n", policies.size(), runs, input, outDir);
        long start = System.nanoTime();
        int parallelism = args.intValue("parallelism", 2);
        String stateBackend = args.get("state-backend", "hashmap");
        List<ReplayCommand.Summary> summaries;
        if (input.kafka() == null) {
            summaries =
                    ReplayCommand.runBounded(
                            input.persons(),
                            input.settlements(),
                            runs,
                            dirs,
                            parallelism,
                            stateBackend,
                            "backtest",
                            out);
        } else {
            SettlementTimeFilter.PASSED.set(0);
            SettlementTimeFilter.SKIPPED.set(0);
            Sources kafka =
                    TopicRangeSources.sources(input.kafka(), input.fromMillis(), input.toMillis());
            summaries =
                    ReplayCommand.runBounded(
                            kafka,
                            SettlementTimeFilter.PASSED::get,
                            "settlements",
                            runs,
                            dirs,
                            parallelism,
                            stateBackend,
                            "backtest",
                            out);
            out.printf(
                    "backtest: %,d settlements outside %s read and skipped%n",
                    SettlementTimeFilter.SKIPPED.get(), input.range());
        }
        List<BacktestReport.Run> results = new ArrayList<>();
        for (int i = 0; i < policies.size(); i++) {
            results.add(
                    new BacktestReport.Run(
                            policies.get(i),
                            dirs.get(i),
                            LedgerRows.read(dirs.get(i).resolve("ledger.jsonl"))));
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        String summary =
                BacktestReport.write(outDir, results, millis, summaries.get(0).inputLines());
        out.printf(
                "backtest: %.1f s; summary.md, totals.png, levels-*.csv, changes-*.csv in %s%n",
                millis / 1000.0, outDir);
        return summary;
    }

    /**
     * Where the backtest reads: JSON Lines files ({@code --settlements}, {@code --persons}) or a
     * Kafka cluster's topics ({@code --kafka BOOTSTRAP --from yyyy-MM-dd --to yyyy-MM-dd}: the
     * whole registry and the settlements whose {@code setl_time}, China time, is from the first day
     * to the last day inclusive; see {@link TopicRangeSources}).
     */
    record Input(Path settlements, Path persons, String kafka, long fromMillis, long toMillis) {
        static Input of(Args args) {
            String kafka = args.get("kafka", null);
            if (kafka == null) {
                if (args.get("from", null) != null || args.get("to", null) != null) {
                    throw new Args.UsageException(
                            "backtest: --from and --to select a time range of --kafka topics;"
                                    + " files are read whole");
                }
                return new Input(
                        args.existingFile("settlements"),
                        args.get("persons", null) == null ? null : args.existingFile("persons"),
                        null,
                        0,
                        0);
            }
            if (args.get("settlements", null) != null || args.get("persons", null) != null) {
                throw new Args.UsageException(
                        "backtest: give either --kafka or --settlements/--persons files, not both");
            }
            long from = day(args, "from");
            long to = day(args, "to") + 86_400_000L;
            if (to <= from) {
                throw new Args.UsageException(
                        "backtest: --to "
                                + args.get("to", null)
                                + " is before --from "
                                + args.get("from", null));
            }
            return new Input(null, null, kafka, from, to);
        }

        private static long day(Args args, String name) {
            String v = args.required(name);
            if (v.length() != 10) {
                throw new Args.UsageException(
                        "backtest: --" + name + " '" + v + "' is not a date yyyy-MM-dd");
            }
            try {
                return ChinaTime.parse(v);
            } catch (IllegalArgumentException e) {
                throw new Args.UsageException(
                        "backtest: --" + name + " '" + v + "' is not a date yyyy-MM-dd");
            }
        }

        /** {@code setl_time 2025-01-01 … 2025-12-31 (China time)}. */
        String range() {
            return "setl_time "
                    + ChinaTime.formatDate(fromMillis)
                    + " … "
                    + ChinaTime.formatDate(toMillis - 1)
                    + " (China time)";
        }

        @Override
        public String toString() {
            if (kafka != null) {
                return "Kafka " + kafka + " topics persons + settlements with " + range();
            }
            return (persons == null ? "" : persons + " + ") + settlements;
        }
    }
}

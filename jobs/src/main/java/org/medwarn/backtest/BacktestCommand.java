package org.medwarn.backtest;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.medwarn.cli.Args;
import org.medwarn.policy.Policy;
import org.medwarn.policy.PolicyHistory;
import org.medwarn.policy.PolicyLoader;
import org.medwarn.replay.ReplayCommand;

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
            Set.of("settlements", "persons", "policy", "out", "parallelism", "state-backend");

    private BacktestCommand() {}

    /** Returns the summary's Markdown text. */
    public static String run(String[] argv, PrintStream out) throws Exception {
        Args args = new Args("backtest", argv, OPTIONS);
        Path settlements = args.existingFile("settlements");
        Path persons = args.get("persons", null) == null ? null : args.existingFile("persons");
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
                "backtest: %d policies %s over %s%s -> %s%n",
                policies.size(), runs, persons == null ? "" : persons + " + ", settlements, outDir);
        long start = System.nanoTime();
        List<ReplayCommand.Summary> summaries =
                ReplayCommand.runBounded(
                        persons,
                        settlements,
                        runs,
                        dirs,
                        args.intValue("parallelism", 2),
                        args.get("state-backend", "hashmap"),
                        "backtest",
                        out);
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
}

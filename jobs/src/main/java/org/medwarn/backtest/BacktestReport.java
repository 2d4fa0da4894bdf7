package org.medwarn.backtest;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.medwarn.avro.Category;
import org.medwarn.avro.Level;
import org.medwarn.policy.Money;
import org.medwarn.policy.Policy;

/**
 * The comparison files of a backtest, from the final ledger of each policy's run (one row per
 * person and year, closed):
 *
 * <ul>
 *   <li>{@code levels-<i>-<version>.csv}: persons per level × category × township;
 *   <li>{@code changes-0-vs-<i>.csv}: every person-year whose level differs between the first
 *       policy and policy i, with both levels and totals;
 *   <li>{@code totals.png}: the distribution of annual totals with each policy's thresholds;
 *   <li>{@code summary.md}: the tables and counts of persons entering and leaving each level.
 * </ul>
 */
final class BacktestReport {
    static final Level[] LEVELS = {Level.BLUE, Level.YELLOW, Level.RED};

    private BacktestReport() {}

    /** One policy's run: its policy, output directory and final ledger rows. */
    record Run(Policy policy, Path dir, List<LedgerRows.Row> rows) {
        String name() {
            return policy.version();
        }
    }

    /** Persons (person-years) per township, category and level. */
    static Map<String, Long> levelTable(List<LedgerRows.Row> rows) {
        Map<String, Long> counts = new TreeMap<>();
        for (LedgerRows.Row r : rows) {
            counts.merge(r.township() + "," + r.category() + "," + r.level(), 1L, Long::sum);
        }
        return counts;
    }

    /** Writes every file; returns the summary's text. */
    static String write(Path out, List<Run> runs, long millis, long inputLines) throws IOException {
        for (int i = 0; i < runs.size(); i++) {
            writeLevelTable(
                    out.resolve("levels-" + i + "-" + safe(runs.get(i).name()) + ".csv"),
                    runs.get(i).rows());
        }
        StringBuilder md = new StringBuilder();
        md.append("# Backtest\n\n");
        md.append(
                String.format(
                        "%,d input lines, %d policies, %.1f s%n%n",
                        inputLines, runs.size(), millis / 1000.0));
        md.append(
                "| policy | effective_from | self_pay | measure | thresholds ASSISTED | "
                        + "thresholds ORDINARY |\n|---|---|---|---|---|---|\n");
        for (Run r : runs) {
            md.append("| ")
                    .append(r.name())
                    .append(" | ")
                    .append(org.medwarn.time.ChinaTime.format(r.policy().effectiveFrom()), 0, 10)
                    .append(" | ")
                    .append(r.policy().selfPayMeasure().name().toLowerCase())
                    .append(" | ")
                    .append(r.policy().measure().key())
                    .append(" | ")
                    .append(thresholds(r.policy(), Category.ASSISTED))
                    .append(" | ")
                    .append(thresholds(r.policy(), Category.ORDINARY))
                    .append(" |\n");
        }
        md.append("\n## Persons per level and category (person-years)\n\n");
        md.append(
                "Person-years of the final 台账 (from each policy's `ledger_floor`); NONE: in the"
                        + " ledger without a level.\n\n");
        md.append(
                "| policy | category | NONE | BLUE | YELLOW | RED |\n|---|---|---|---|---|---|\n");
        for (Run r : runs) {
            for (Category c : Category.values()) {
                md.append("| ").append(r.name()).append(" | ").append(c);
                for (Level l : Level.values()) {
                    long n =
                            r.rows().stream()
                                    .filter(
                                            x ->
                                                    x.category().equals(c.name())
                                                            && x.level().equals(l.name()))
                                    .count();
                    md.append(" | ").append(n);
                }
                md.append(" |\n");
            }
        }
        md.append(
                "\nPer township: `levels-<i>-<version>.csv` (township,category,level,persons).\n");
        Run base = runs.get(0);
        for (int i = 1; i < runs.size(); i++) {
            Run other = runs.get(i);
            List<String[]> changes = changes(base, other);
            Path file = out.resolve("changes-0-vs-" + i + ".csv");
            try (PrintWriter w =
                    new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
                w.println(
                        "psn_no,year,category,township,level_"
                                + base.name()
                                + ",level_"
                                + other.name()
                                + ",total_"
                                + base.name()
                                + ",total_"
                                + other.name());
                for (String[] c : changes) {
                    w.println(String.join(",", c));
                }
            }
            md.append("\n## ")
                    .append(base.name())
                    .append(" → ")
                    .append(other.name())
                    .append("\n\n");
            md.append(
                    String.format(
                            "%,d person-years change level (`%s`).%n%n",
                            changes.size(), file.getFileName()));
            md.append("| level | enter | leave |\n|---|---|---|\n");
            for (Level l : LEVELS) {
                long enter =
                        changes.stream()
                                .filter(c -> !c[4].equals(l.name()) && c[5].equals(l.name()))
                                .count();
                long leave =
                        changes.stream()
                                .filter(c -> c[4].equals(l.name()) && !c[5].equals(l.name()))
                                .count();
                md.append("| ")
                        .append(l)
                        .append(" | ")
                        .append(enter)
                        .append(" | ")
                        .append(leave)
                        .append(" |\n");
            }
        }
        md.append("\n![annual totals](totals.png)\n");
        Files.writeString(out.resolve("summary.md"), md.toString(), StandardCharsets.UTF_8);
        List<TotalsChart.Series> series = new ArrayList<>();
        for (Run r : runs) {
            long[] totals = r.rows().stream().mapToLong(LedgerRows.Row::totalCents).toArray();
            series.add(new TotalsChart.Series(r.name(), totals, r.policy()));
        }
        TotalsChart.write(out.resolve("totals.png"), series);
        return md.toString();
    }

    /**
     * Person-years whose level differs between {@code base} and {@code other}, sorted by person and
     * year; a person-year present in only one run counts as NONE in the other.
     */
    static List<String[]> changes(Run base, Run other) {
        Map<String, LedgerRows.Row> a = byPersonYear(base.rows());
        Map<String, LedgerRows.Row> b = byPersonYear(other.rows());
        Map<String, String[]> out = new TreeMap<>();
        for (String k : union(a, b)) {
            LedgerRows.Row x = a.get(k);
            LedgerRows.Row y = b.get(k);
            String la = x == null ? Level.NONE.name() : x.level();
            String lb = y == null ? Level.NONE.name() : y.level();
            if (!la.equals(lb)) {
                LedgerRows.Row any = x == null ? y : x;
                out.put(
                        k,
                        new String[] {
                            any.psnNo(),
                            String.valueOf(any.year()),
                            any.category(),
                            any.township(),
                            la,
                            lb,
                            x == null ? "" : Money.format(x.totalCents()),
                            y == null ? "" : Money.format(y.totalCents())
                        });
            }
        }
        return new ArrayList<>(out.values());
    }

    private static Map<String, LedgerRows.Row> byPersonYear(List<LedgerRows.Row> rows) {
        Map<String, LedgerRows.Row> m = new LinkedHashMap<>();
        for (LedgerRows.Row r : rows) {
            m.put(r.personYear(), r);
        }
        return m;
    }

    private static java.util.Set<String> union(Map<String, ?> a, Map<String, ?> b) {
        java.util.Set<String> keys = new java.util.TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        return keys;
    }

    private static void writeLevelTable(Path file, List<LedgerRows.Row> rows) throws IOException {
        try (PrintWriter w =
                new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            w.println("township,category,level,persons");
            for (Map.Entry<String, Long> e : levelTable(rows).entrySet()) {
                w.println(e.getKey() + "," + e.getValue());
            }
        }
    }

    private static String thresholds(Policy p, Category c) {
        StringBuilder s = new StringBuilder();
        for (Map.Entry<Level, Long> e : p.thresholds(c).asMap().entrySet()) {
            s.append(s.length() == 0 ? "" : ", ")
                    .append(e.getKey())
                    .append(" ")
                    .append(Money.toYuan(e.getValue()).stripTrailingZeros().toPlainString());
        }
        return s.length() == 0 ? "—" : s.toString();
    }

    /** A version as a file-name part. */
    static String safe(String version) {
        return version.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}

package org.medwarn.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.medwarn.avro.Category;
import org.medwarn.policy.Money;
import org.medwarn.policy.Policy;
import org.medwarn.policy.PolicyLoader;
import org.medwarn.util.Directories;

/**
 * Contender "postgres": today's practice, one SQL query per screening over the whole settlement
 * table (assistance targets twice a week, ordinary insured every two weeks). Installs PostgreSQL
 * from Debian packages if missing, runs a private server on a Unix socket in a temporary directory,
 * {@code COPY}s the same settlements, indexes {@code setl_id}, and times each screening query
 * (second, warm run; the first run is reported too). Throughput is settlement rows / query time.
 */
final class PostgresScreening {
    private static final Path PG_ROOT = Path.of("/usr/lib/postgresql");
    private static final int PORT = 54329;

    private PostgresScreening() {}

    static void run(BenchCommand.Settings s, BenchData.Loaded data, Report report, PrintStream out)
            throws Exception {
        Path bin = binaries(out);
        Path dir = Files.createTempDirectory("medwarn-bench-pg-");
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            if (root) {
                exec(List.of("chown", "-R", "postgres", dir.toString()), null);
            }
            Path pgdata = dir.resolve("data");
            exec(
                    asPostgres(
                            root,
                            bin.resolve("initdb").toString(),
                            "-D",
                            pgdata.toString(),
                            "-U",
                            "postgres",
                            "--auth=trust",
                            "-E",
                            "UTF8"),
                    null);
            pgCtl(
                    root,
                    bin,
                    pgdata,
                    "-l",
                    dir.resolve("server.log").toString(),
                    "-o",
                    "-p "
                            + PORT
                            + " -k "
                            + dir
                            + " -c listen_addresses='' -c shared_buffers=2GB"
                            + " -c work_mem=512MB -c fsync=off -c synchronous_commit=off"
                            + " -c max_parallel_workers_per_gather=2",
                    "start");
            try {
                Psql psql = new Psql(bin, dir, root);
                long t0 = System.nanoTime();
                psql.run(
                        "CREATE TABLE persons (psn_no text PRIMARY KEY, category text);"
                                + "CREATE TABLE settlements (setl_id text, mdtrt_id text,"
                                + " psn_no text, insutype text, psn_type text, med_type text,"
                                + " setl_time timestamp, medfee_sumamt numeric(16,2),"
                                + " fund_pay_sumamt numeric(16,2), hifp_pay numeric(16,2),"
                                + " psn_part_amt numeric(16,2), fulamt_ownpay_amt numeric(16,2),"
                                + " psn_cash_pay numeric(16,2), refd_setl_flag text,"
                                + " init_setl_id text, insu_admdvs text, fixmedins_code text,"
                                + " fixmedins_name text);",
                        null);
                psql.run(
                        "\\copy persons FROM '"
                                + data.csvDir().resolve("persons.csv")
                                + "' WITH (FORMAT csv)",
                        null);
                psql.run(
                        "\\copy settlements ("
                                + BenchData.SETTLEMENT_COLUMNS
                                + ") FROM '"
                                + data.csvDir().resolve("settlements.csv")
                                + "' WITH (FORMAT csv)",
                        null);
                psql.run(
                        "CREATE INDEX ON settlements (setl_id); ANALYZE persons; ANALYZE"
                                + " settlements;",
                        null);
                out.printf(
                        "bench: postgres: copied and indexed %,d settlement rows in %.1f s%n",
                        data.settlementRecords(), (System.nanoTime() - t0) / 1e9);
                Policy policy = PolicyLoader.defaultPolicy();
                for (Category c : Category.values()) {
                    String cadence = c == Category.ASSISTED ? "twice a week" : "every two weeks";
                    String load = Machine.load();
                    Path result = dir.resolve("screening-" + c + ".csv");
                    double cold = psql.timed(screening(policy, c), result);
                    double warm = psql.timed(screening(policy, c), result);
                    long warned;
                    try (Stream<String> lines = Files.lines(result)) {
                        warned = lines.count();
                    }
                    out.printf(
                            "bench: postgres screening %s: %.2f s cold, %.2f s warm, %,d persons"
                                    + " at a level%n",
                            c, cold, warm, warned);
                    report.add(
                            new Report.Throughput(
                                    "postgres " + c.name().toLowerCase(),
                                    data.settlementRecords(),
                                    warm,
                                    load,
                                    String.format(
                                            "one screening query (%s), warm; cold %.2f s;"
                                                    + " %,d persons at a level",
                                            cadence, cold, warned)));
                }
            } finally {
                pgCtl(root, bin, pgdata, "-m", "fast", "stop");
            }
        } finally {
            Directories.deleteTree(dir);
        }
    }

    /**
     * One screening of {@code category} as a bureau runs it: every settlement of the table,
     * deduplicated by {@code setl_id}, summed per person and year, levelled by the policy.
     */
    static String screening(Policy policy, Category category) {
        String level =
                FlinkSqlPeer.levelCase(
                        policy,
                        "COALESCE(p.category, 'ORDINARY')",
                        "SUM(d.psn_part_amt)",
                        cents -> Money.format(cents));
        return "SELECT * FROM (SELECT d.psn_no,"
                + " EXTRACT(YEAR FROM d.setl_time)::int AS yr, SUM(d.psn_part_amt) AS total, "
                + level
                + " AS lvl FROM (SELECT DISTINCT ON (setl_id) setl_id, psn_no, setl_time,"
                + " psn_part_amt FROM settlements ORDER BY setl_id) d"
                + " LEFT JOIN persons p ON p.psn_no = d.psn_no"
                + " WHERE COALESCE(p.category, 'ORDINARY') = '"
                + category
                + "' GROUP BY d.psn_no, yr, p.category) q WHERE lvl <> 'NONE'";
    }

    /** The PostgreSQL binaries; installs the Debian package first if there are none. */
    private static Path binaries(PrintStream out) throws IOException, InterruptedException {
        Path bin = findBin();
        if (bin == null) {
            out.println("bench: postgres: installing PostgreSQL (apt-get install postgresql) ...");
            exec(
                    List.of("bash", "-c", "apt-get update -q && apt-get install -y -q postgresql"),
                    null);
            bin = findBin();
        }
        if (bin == null) {
            throw new IllegalStateException(
                    "PostgreSQL is not installed under "
                            + PG_ROOT
                            + " and apt-get did not install"
                            + " it; install the Debian package 'postgresql' or leave 'postgres'"
                            + " out of --contenders");
        }
        return bin;
    }

    private static Path findBin() throws IOException {
        if (!Files.isDirectory(PG_ROOT)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(PG_ROOT)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Path::compareTo)
                    .orElse(null);
        }
    }

    /** {@code pg_ctl -D pgdata -w ARGS} as user postgres. */
    private static void pgCtl(boolean root, Path bin, Path pgdata, String... args)
            throws IOException, InterruptedException {
        List<String> cmd =
                new ArrayList<>(
                        List.of(bin.resolve("pg_ctl").toString(), "-D", pgdata.toString(), "-w"));
        cmd.addAll(List.of(args));
        exec(asPostgres(root, cmd.toArray(String[]::new)), null);
    }

    private static List<String> asPostgres(boolean root, String... cmd) {
        List<String> l = new ArrayList<>();
        if (root) {
            l.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        l.addAll(List.of(cmd));
        return l;
    }

    /** Runs a command; its output goes to {@code stdout} (or is discarded); fails on exit ≠ 0. */
    static void exec(List<String> cmd, Path stdout) throws IOException, InterruptedException {
        Path log = Files.createTempFile("medwarn-bench-exec-", ".log");
        try {
            Process p =
                    new ProcessBuilder(cmd)
                            .redirectErrorStream(stdout == null)
                            .redirectOutput(stdout == null ? log.toFile() : stdout.toFile())
                            .redirectError(
                                    stdout == null
                                            ? ProcessBuilder.Redirect.appendTo(log.toFile())
                                            : ProcessBuilder.Redirect.appendTo(log.toFile()))
                            .start();
            if (!p.waitFor(2, TimeUnit.HOURS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(
                        String.join(" ", cmd)
                                + " failed: "
                                + Files.readString(log, StandardCharsets.UTF_8).strip());
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** psql against the private server, as user postgres. */
    private record Psql(Path bin, Path socketDir, boolean root) {
        void run(String sql, Path stdout) throws IOException, InterruptedException {
            exec(
                    asPostgres(
                            root,
                            bin.resolve("psql").toString(),
                            "-X",
                            "-q",
                            "-v",
                            "ON_ERROR_STOP=1",
                            "-h",
                            socketDir.toString(),
                            "-p",
                            String.valueOf(PORT),
                            "-U",
                            "postgres",
                            "-c",
                            sql),
                    stdout);
        }

        /** Runs a query, its rows as CSV into {@code result}; returns seconds. */
        double timed(String query, Path result) throws IOException, InterruptedException {
            long t0 = System.nanoTime();
            run("COPY (" + query + ") TO STDOUT WITH (FORMAT csv)", result);
            return (System.nanoTime() - t0) / 1e9;
        }
    }
}

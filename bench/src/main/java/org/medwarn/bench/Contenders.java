package org.medwarn.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the streaming contenders, one after another, each in its own child JVM over the same topics,
 * and records their throughput (settlement records / the job's net runtime, which includes task
 * deployment and the final checkpoint that commits the exactly-once sinks).
 */
final class Contenders {
    private final BenchCommand.Settings s;
    private final String bootstrap;
    private final BenchData.Loaded data;
    private final Report report;
    private final PrintStream out;
    private int runs;

    Contenders(
            BenchCommand.Settings s,
            String bootstrap,
            BenchData.Loaded data,
            Report report,
            PrintStream out) {
        this.s = s;
        this.bootstrap = bootstrap;
        this.data = data;
        this.report = report;
        this.out = out;
    }

    /** The monitoring job at parallelism {@code p}; also records its state and checkpoints. */
    void ours(int p) throws Exception {
        String name = Report.OURS + " p=" + p;
        List<String> jvm = new ArrayList<>();
        if (s.profile() && p == s.mainParallelism()) {
            Path jfr = s.out().resolve("ours-p" + p + ".jfr");
            jvm.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile");
            out.printf("bench: profiling %s with JFR into %s%n", name, jfr);
        }
        CheckpointLog checkpoints = new CheckpointLog();
        double seconds = flink(name, OursContender.class, p, false, jvm, checkpoints);
        report.add(
                new Report.Throughput(
                        name,
                        data.settlementRecords(),
                        seconds,
                        lastLoad,
                        "MonitoringWorkflow, persons + settlements topics"));
        report.add(
                new Report.Scale(
                        p,
                        data.persons(),
                        checkpoints.maxBytes(),
                        checkpoints.medianDurationMs(),
                        checkpoints.maxDurationMs(),
                        checkpoints.completed().size()));
    }

    /** The Flink SQL peer at the main parallelism. */
    void flinkSql() throws Exception {
        int p = s.mainParallelism();
        double seconds =
                flink(
                        "flink-sql p=" + p,
                        FlinkSqlPeer.class,
                        p,
                        true,
                        List.of(),
                        new CheckpointLog());
        report.add(
                new Report.Throughput(
                        "flink-sql p=" + p,
                        data.settlementRecords(),
                        seconds,
                        lastLoad,
                        "same decode; dedupe + annual SUM + level per person-year (SQL)"));
    }

    /** The plain-consumer limit: read and decode the settlements topic, nothing else. */
    void limit() throws Exception {
        int p = s.mainParallelism();
        String name = "limit p=" + p;
        lastLoad = Machine.load();
        out.printf("bench: %s (load %s) ...%n", name, lastLoad);
        try (ChildJvm child =
                ChildJvm.start(
                        ConsumerLimit.class,
                        List.of("--bootstrap-servers", bootstrap, "--parallelism", "" + p),
                        false,
                        List.of(),
                        BenchCommand.log(s, "limit"),
                        line -> {})) {
            Map<String, String> r = child.finish(BenchCommand.CONTENDER_TIMEOUT_MS);
            double seconds = Long.parseLong(r.get("runtime_ms")) / 1000.0;
            long records = Long.parseLong(r.get("records"));
            out.printf(
                    "bench: %s: %,d records in %.1f s = %,.0f/s%n",
                    name, records, seconds, records / seconds);
            report.add(
                    new Report.Throughput(
                            name,
                            records,
                            seconds,
                            lastLoad,
                            "plain KafkaConsumer + the job's RecordDecoder (decode+validate)"));
        }
    }

    private String lastLoad = "?";

    private double flink(
            String name,
            Class<?> main,
            int p,
            boolean withTable,
            List<String> jvm,
            CheckpointLog checkpoints)
            throws Exception {
        int run = ++runs;
        lastLoad = Machine.load();
        out.printf("bench: %s (load %s) ...%n", name, lastLoad);
        String stem = name.replaceAll("[^a-z0-9]+", "-");
        try (ChildJvm child =
                ChildJvm.start(
                        main,
                        ContenderOptions.args(
                                bootstrap,
                                p,
                                s.out().resolve("checkpoints-" + stem),
                                s.checkpointIntervalMs(),
                                "bench-" + stem + "-" + run,
                                BenchSources.Mode.BOUNDED,
                                null),
                        withTable,
                        jvm,
                        BenchCommand.log(s, stem),
                        checkpoints)) {
            Map<String, String> r = child.finish(BenchCommand.CONTENDER_TIMEOUT_MS);
            double seconds = Long.parseLong(r.get("runtime_ms")) / 1000.0;
            out.printf(
                    "bench: %s: %,d records in %.1f s = %,.0f/s (%d checkpoints, state %,d bytes)%n",
                    name,
                    data.settlementRecords(),
                    seconds,
                    data.settlementRecords() / seconds,
                    checkpoints.completed().size(),
                    checkpoints.maxBytes());
            return seconds;
        }
    }
}

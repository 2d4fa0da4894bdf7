package org.medwarn.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The benchmark's results, rendered as Markdown tables: throughput with the ratio of each contender
 * to ours (same run, so machine noise affects all alike), scale (state size and checkpoints), and
 * latency. Each row records the 1-minute load average when it started.
 */
final class Report {
    /** Name of the row the ratios refer to. */
    static final String OURS = "ours";

    /** One throughput measurement. */
    record Throughput(
            String contender, long settlements, double seconds, String load, String note) {
        double perSecond() {
            return settlements / seconds;
        }
    }

    /** State and checkpoints of one run of ours. */
    record Scale(
            int parallelism,
            int persons,
            long stateBytes,
            long medianCheckpointMs,
            long maxCheckpointMs,
            int checkpoints) {}

    /**
     * A restart of ours after a crash ({@link RecoveryRun}): the state restored, and the time from
     * the restored job's submission until every task runs and until its first checkpoint.
     */
    record Recovery(
            int parallelism, int persons, long stateBytes, double runningMs, double checkpointMs) {}

    /** Latency percentiles of one path, in ms. */
    record Latency(String path, int samples, double p50, double p99, double max, String note) {}

    private final BenchCommand.Settings settings;
    private final String machine;
    private final List<Throughput> throughput = new ArrayList<>();
    private final List<Scale> scale = new ArrayList<>();
    private final List<Latency> latency = new ArrayList<>();
    private final List<Recovery> recovery = new ArrayList<>();
    private BenchData.Loaded loaded;
    private double wallSeconds;

    Report(BenchCommand.Settings settings, String machine) {
        this.settings = settings;
        this.machine = machine;
    }

    String machine() {
        return machine;
    }

    void loaded(BenchData.Loaded data) {
        this.loaded = data;
    }

    synchronized void add(Throughput t) {
        throughput.add(t);
    }

    synchronized void add(Scale s) {
        scale.add(s);
    }

    synchronized void add(Latency l) {
        latency.add(l);
    }

    synchronized void add(Recovery r) {
        recovery.add(r);
    }

    void wallSeconds(double s) {
        this.wallSeconds = s;
    }

    /** Ours at the main parallelism: what every ratio refers to. */
    Optional<Throughput> reference() {
        String name = OURS + " p=" + settings.mainParallelism();
        return throughput.stream().filter(t -> t.contender().equals(name)).findFirst();
    }

    String render() {
        StringBuilder b = new StringBuilder();
        b.append("Machine: ").append(machine).append('\n');
        if (loaded != null) {
            b.append(
                    String.format(
                            "Data: %,d persons, %,d settlement records (year %d, ~0.5%%"
                                    + " redeliveries, ~0.5%% reversals), loaded in %.1f s%n",
                            loaded.persons(),
                            loaded.settlementRecords(),
                            BenchCommand.YEAR,
                            loaded.seconds()));
        }
        b.append(
                String.format(
                        "Flink: RocksDB, incremental checkpoints every %d ms, exactly-once Kafka"
                                + " sinks, pipeline.generic-types=false%n%n",
                        settings.checkpointIntervalMs()));
        Optional<Throughput> ref = reference();
        if (!throughput.isEmpty()) {
            b.append("| contender | settlements/s | ratio to ours | time s | load | note |\n");
            b.append("|---|---:|---:|---:|---:|---|\n");
            for (Throughput t : throughput) {
                b.append(
                        String.format(
                                "| %s | %,.0f | %s | %.1f | %s | %s |%n",
                                t.contender(),
                                t.perSecond(),
                                ref.map(r -> String.format("%.2f", t.perSecond() / r.perSecond()))
                                        .orElse("-"),
                                t.seconds(),
                                t.load(),
                                t.note()));
            }
        }
        if (!scale.isEmpty()) {
            b.append(
                    "\n| ours | persons | state (last checkpoint) | bytes/person | checkpoint"
                            + " median ms | max ms | checkpoints |\n");
            b.append("|---|---:|---:|---:|---:|---:|---:|\n");
            for (Scale s : scale) {
                b.append(
                        String.format(
                                "| p=%d | %,d | %,.1f MiB | %,.0f | %d | %d | %d |%n",
                                s.parallelism(),
                                s.persons(),
                                s.stateBytes() / 1048576.0,
                                (double) s.stateBytes() / s.persons(),
                                s.medianCheckpointMs(),
                                s.maxCheckpointMs(),
                                s.checkpoints()));
            }
        }
        if (!recovery.isEmpty()) {
            b.append(
                    "\n| recovery (SIGKILL, restart from the last checkpoint) | persons | state"
                            + " restored | tasks running after | first checkpoint after |\n");
            b.append("|---|---:|---:|---:|---:|\n");
            for (Recovery r : recovery) {
                b.append(
                        String.format(
                                "| ours p=%d | %,d | %,.1f MiB | %s | %s |%n",
                                r.parallelism(),
                                r.persons(),
                                r.stateBytes() / 1048576.0,
                                duration(r.runningMs()),
                                duration(r.checkpointMs())));
            }
        }
        if (!latency.isEmpty()) {
            b.append("\n| red warning latency | samples | p50 | p99 | max | note |\n");
            b.append("|---|---:|---:|---:|---:|---|\n");
            for (Latency l : latency) {
                b.append(
                        String.format(
                                "| %s | %s | %s | %s | %s | %s |%n",
                                l.path(),
                                l.samples() < 0 ? "-" : String.valueOf(l.samples()),
                                duration(l.p50()),
                                duration(l.p99()),
                                duration(l.max()),
                                l.note()));
            }
        }
        if (wallSeconds > 0) {
            b.append(String.format("%nBench wall time: %.0f s%n", wallSeconds));
        }
        return b.toString();
    }

    /** Milliseconds as ms, s, h or days, whichever reads best; NaN as "TODO". */
    static String duration(double ms) {
        if (Double.isNaN(ms)) {
            return "TODO";
        }
        if (ms < 10_000) {
            return String.format("%.0f ms", ms);
        }
        if (ms < 3_600_000) {
            return String.format("%.1f s", ms / 1000);
        }
        if (ms < 86_400_000) {
            return String.format("%.1f h", ms / 3_600_000);
        }
        return String.format("%.1f d", ms / 86_400_000);
    }
}

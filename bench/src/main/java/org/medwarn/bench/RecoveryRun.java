package org.medwarn.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Contender "recovery": how long the monitoring job takes to come back after a crash, with the
 * state of the data set's persons. Ours (main parallelism, as in the throughput run) reads the
 * topics until the first checkpoint completed past half of its measured runtime; then its JVM is
 * killed (SIGKILL: nothing is cleaned up, as when a machine is lost). A new JVM restores the job
 * from that checkpoint ({@code execution.state-recovery.path}) and is measured from the moment it
 * submits the job: until every task runs again (Flink switches a task from INITIALIZING to RUNNING
 * once its state is restored: RocksDB files copied from the checkpoint, timers, sources' offsets)
 * and until the restored job's first checkpoint completes (at most one checkpoint interval later).
 * The restored job is then stopped; the rest of the input is what the throughput run measures.
 */
final class RecoveryRun {
    private RecoveryRun() {}

    /** Task switches to RUNNING, as the driver read them from the contender's log (epoch ms). */
    private static final class TaskStarts implements Consumer<String> {
        private long last = -1;
        private int count;

        @Override
        public synchronized void accept(String line) {
            if (line.contains("switched from INITIALIZING to RUNNING")) {
                last = System.currentTimeMillis();
                count++;
            }
        }

        synchronized long last() {
            return last;
        }

        synchronized int count() {
            return count;
        }
    }

    /**
     * @param killAfterSeconds when to kill the first run: its first checkpoint after this long
     */
    static void run(
            BenchCommand.Settings s,
            String bootstrap,
            BenchData.Loaded data,
            double killAfterSeconds,
            Report report,
            PrintStream out)
            throws Exception {
        int p = s.mainParallelism();
        Path checkpointDir = s.out().resolve("checkpoints-recovery");
        out.printf(
                "bench: recovery p=%d (load %s): ours until its first checkpoint after %.0f s,"
                        + " then SIGKILL ...%n",
                p, Machine.load(), killAfterSeconds);
        CheckpointLog first = new CheckpointLog();
        CheckpointLog.Checkpoint killedAt;
        try (ChildJvm child =
                ChildJvm.start(
                        OursContender.class,
                        args(s, bootstrap, checkpointDir, null),
                        false,
                        List.of(),
                        BenchCommand.log(s, "recovery-killed"),
                        first)) {
            long started = System.currentTimeMillis();
            killedAt = null;
            while (killedAt == null) {
                if (!child.isAlive()) {
                    throw new IllegalStateException(
                            "ours finished before the kill point ("
                                    + killAfterSeconds
                                    + " s); its log: "
                                    + BenchCommand.log(s, "recovery-killed"));
                }
                for (CheckpointLog.Checkpoint c : first.completed()) {
                    if (c.seenAt() - started >= killAfterSeconds * 1000) {
                        killedAt = c;
                        break;
                    }
                }
                if (killedAt == null) {
                    Thread.sleep(20);
                }
            }
            child.kill();
        }
        Path checkpoint = checkpointDir.resolve(killedAt.job()).resolve("chk-" + killedAt.id());
        if (!Files.exists(checkpoint.resolve("_metadata"))) {
            throw new IllegalStateException("no checkpoint metadata in " + checkpoint);
        }
        out.printf(
                "bench: recovery: killed after checkpoint %d (%,d bytes); restoring %s ...%n",
                killedAt.id(), killedAt.bytes(), checkpoint);

        TaskStarts tasks = new TaskStarts();
        CheckpointLog restored = new CheckpointLog();
        try (ChildJvm child =
                ChildJvm.start(
                        OursContender.class,
                        args(s, bootstrap, checkpointDir, checkpoint.toUri().toString()),
                        false,
                        List.of(),
                        BenchCommand.log(s, "recovery-restored"),
                        tasks.andThen(restored))) {
            long submitted =
                    Long.parseLong(
                            child.awaitResult("submitted_at", BenchCommand.CONTENDER_TIMEOUT_MS));
            CheckpointLog.Checkpoint firstAfter =
                    restored.awaitFirst(BenchCommand.CONTENDER_TIMEOUT_MS);
            double runningMs = tasks.last() - submitted;
            double checkpointMs = firstAfter.seenAt() - submitted;
            out.printf(
                    "bench: recovery: %d tasks running %.1f s after the restored job's submission,"
                            + " its first checkpoint after %.1f s%n",
                    tasks.count(), runningMs / 1000, checkpointMs / 1000);
            report.add(
                    new Report.Recovery(
                            p, data.persons(), killedAt.bytes(), runningMs, checkpointMs));
        }
    }

    /**
     * The command line of both runs: the same group and transactional ids, so that the restored
     * job's exactly-once sinks abort the killed run's open transactions as a restarted job's do.
     */
    private static List<String> args(
            BenchCommand.Settings s, String bootstrap, Path checkpointDir, String restore) {
        List<String> args =
                new ArrayList<>(
                        ContenderOptions.args(
                                bootstrap,
                                s.mainParallelism(),
                                checkpointDir,
                                s.checkpointIntervalMs(),
                                "bench-recovery",
                                BenchSources.Mode.BOUNDED,
                                null));
        if (restore != null) {
            args.addAll(List.of("--restore", restore));
        }
        return args;
    }
}

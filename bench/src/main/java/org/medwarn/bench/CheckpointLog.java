package org.medwarn.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Collects the checkpoints a Flink contender completed, from the coordinator's INFO line {@code
 * Completed checkpoint N for job J (BYTES bytes, checkpointDuration=MS ms, ...)} that the
 * contenders' log configuration sends to stdout. Thread-safe.
 */
final class CheckpointLog implements Consumer<String> {
    private static final Pattern COMPLETED =
            Pattern.compile(
                    "Completed checkpoint (\\d+) for job (\\S+) \\((\\d+) bytes,"
                            + " checkpointDuration=(\\d+) ms");

    /**
     * One completed checkpoint: its job, full state size and end-to-end duration, and when this log
     * read it (epoch ms).
     */
    record Checkpoint(long id, String job, long bytes, long durationMs, long seenAt) {}

    private final List<Checkpoint> completed = new ArrayList<>();

    @Override
    public synchronized void accept(String line) {
        Matcher m = COMPLETED.matcher(line);
        if (m.find()) {
            completed.add(
                    new Checkpoint(
                            Long.parseLong(m.group(1)),
                            m.group(2),
                            Long.parseLong(m.group(3)),
                            Long.parseLong(m.group(4)),
                            System.currentTimeMillis()));
            notifyAll();
        }
    }

    /**
     * Waits until the first checkpoint completed: then every task of the job is running.
     *
     * @return that checkpoint
     */
    synchronized Checkpoint awaitFirst(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (completed.isEmpty()) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw new IllegalStateException(
                        "the job completed no checkpoint within " + timeoutMillis / 1000 + " s");
            }
            wait(left);
        }
        return completed.get(0);
    }

    synchronized List<Checkpoint> completed() {
        return List.copyOf(completed);
    }

    /** The largest state size seen (the final checkpoint holds all state), or 0. */
    synchronized long maxBytes() {
        return completed.stream().mapToLong(Checkpoint::bytes).max().orElse(0);
    }

    /** The longest checkpoint, in ms, or 0. */
    synchronized long maxDurationMs() {
        return completed.stream().mapToLong(Checkpoint::durationMs).max().orElse(0);
    }

    /** The median checkpoint duration, in ms, or 0. */
    synchronized long medianDurationMs() {
        long[] d = completed.stream().mapToLong(Checkpoint::durationMs).sorted().toArray();
        return d.length == 0 ? 0 : d[d.length / 2];
    }
}

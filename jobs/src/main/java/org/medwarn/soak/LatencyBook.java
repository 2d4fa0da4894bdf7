package org.medwarn.soak;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * End-to-end warning latency of a soak (预警时延): the feeder notes when it hands each settlement to
 * the producer ({@link #sent}), the warnings reader reports each committed warning's {@code
 * setl_id} when it reads it ({@link #warned}); the difference is one sample. Samples are kept per
 * reporting interval ({@link #interval}) and for the whole run ({@link #total}); percentiles are
 * nearest rank over the sorted samples. Times are {@link System#nanoTime()} values passed in by the
 * caller, so this class is pure and testable without a clock.
 *
 * <p>Only the first send of a {@code setl_id} counts (a redelivery repeats it); a warning whose
 * {@code setl_id} was never sent here (a policy change, a rolling-window timer, a registry change,
 * or a settlement fed before the soak) is counted as unmatched, not as a sample. Each {@code
 * setl_id} gives at most one sample: a settlement that moves a level once yields one warning. Sends
 * are forgotten once matched, or by {@link #forgetOlderThan} (settlements that never cause a
 * warning, which are almost all of them).
 *
 * <p>Thread-safe: the feeder and the reader call it from their own threads.
 */
public final class LatencyBook {
    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final Samples interval = new Samples();
    private final Samples total = new Samples();
    private long unmatched;

    /** The feeder hands settlement {@code setlId} to the producer at {@code nanos}. */
    public void sent(String setlId, long nanos) {
        sentAt.putIfAbsent(setlId, nanos);
    }

    /**
     * A committed warning caused by settlement {@code setlId} was read at {@code nanos}.
     *
     * @return true when it matched a sent settlement (a sample), false when unmatched
     */
    public synchronized boolean warned(String setlId, long nanos) {
        Long sent = setlId == null ? null : sentAt.remove(setlId);
        if (sent == null) {
            unmatched++;
            return false;
        }
        long micros = (nanos - sent) / 1_000;
        interval.add(micros);
        total.add(micros);
        return true;
    }

    /**
     * Forgets sends noted before {@code nanos}: they can no longer be matched. Bounds the memory of
     * a long soak; choose a horizon far beyond any expected latency.
     */
    public void forgetOlderThan(long nanos) {
        sentAt.values().removeIf(t -> t - nanos < 0);
    }

    /** Sends still waiting for a warning (or to be forgotten). */
    public int pending() {
        return sentAt.size();
    }

    /** Warnings read that matched no send. */
    public synchronized long unmatched() {
        return unmatched;
    }

    /** The samples since the previous call, and starts a new interval. */
    public synchronized Percentiles interval() {
        Percentiles p = interval.percentiles();
        interval.clear();
        return p;
    }

    /** All samples of the run so far. */
    public synchronized Percentiles total() {
        return total.percentiles();
    }

    /**
     * Latency percentiles in milliseconds (NaN without samples).
     *
     * @param count number of samples
     */
    public record Percentiles(int count, double p50Ms, double p99Ms, double maxMs) {
        /** {@code p50 1.9 s, p99 4.1 s, max 4.3 s (123 warnings)}, or {@code no warning}. */
        public String describe() {
            if (count == 0) {
                return "no warning";
            }
            return String.format(
                    "p50 %s, p99 %s, max %s (%,d warnings)",
                    millis(p50Ms), millis(p99Ms), millis(maxMs), count);
        }

        static String millis(double ms) {
            return ms < 1000 ? String.format("%.0f ms", ms) : String.format("%.1f s", ms / 1000);
        }
    }

    /** The {@code q} quantile (nearest rank, 0 < q ≤ 1) of sorted values; NaN when empty. */
    public static double quantile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** Latency samples in microseconds. */
    private static final class Samples {
        private long[] values = new long[64];
        private int size;

        void add(long micros) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = micros;
        }

        void clear() {
            size = 0;
        }

        Percentiles percentiles() {
            long[] sorted = Arrays.copyOf(values, size);
            Arrays.sort(sorted);
            return new Percentiles(
                    size,
                    quantile(sorted, 0.5) / 1000.0,
                    quantile(sorted, 0.99) / 1000.0,
                    quantile(sorted, 1.0) / 1000.0);
        }
    }
}

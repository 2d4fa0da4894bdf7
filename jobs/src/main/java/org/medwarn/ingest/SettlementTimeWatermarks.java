package org.medwarn.ingest;

import java.io.Serializable;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event time is {@code setl_time}: the watermark trails the latest settlement time by a bound.
 * Registry records carry their {@code effective_from} as timestamp but never move the watermark (a
 * registry change dated next month must not close this month); a stream that has seen no settlement
 * yet is idle, so a registry-only input never holds the others back.
 *
 * <p>Warnings are emitted when a settlement arrives, not when the watermark passes, so the bound
 * adds no latency; the watermark only drives timers (registry changes coming into effect, years
 * closing) and the late-settlement bound.
 *
 * <p>{@link #punctuated} emits on events, whenever the watermark enters a new minute, so that a
 * single-reader replay places watermarks at the same records in every run: replays are
 * deterministic. {@link #periodic} emits on Flink's auto-watermark interval.
 *
 * <p>{@link #live} is periodic and <b>keeps time when the settlements stop</b> (night, weekend, an
 * idle partition): once no settlement has arrived for {@code idleAfter} of wall-clock time, the
 * watermark moves on with the wall clock from where the settlements left it, never past the wall
 * clock itself, and still trails by the out-of-orderness bound. So a Monday 00:00 screening happens
 * on Monday even when nothing arrives. A settlement that then arrives dated before the watermark is
 * late like any other (it still counts in its year; a screening marks it late). Flink's {@code
 * withIdleness} is not enough: it only takes an idle input out of the minimum, it never moves event
 * time forward. Never used in a replay, which must not depend on the wall clock.
 *
 * <p>{@link #live} <b>holds event time back when it starts</b>, until its first settlement, its
 * first registry record (a registry input: idle from then on) or {@code startHold} of wall-clock
 * time without either (idle from then on, as above). The live job holds for its registry wait plus
 * the idle time, since its settlements are read only once the registry is ({@code
 * RegistryFirstSource}). A restarted job (after a failure, or restored from a savepoint) re-reads
 * each partition from its checkpointed offset, and Flink does not keep watermarks in checkpoints:
 * had each reader counted as idle until its first settlement, the reader that came first would
 * drive event time alone, the backlog of the other partitions would then arrive behind the
 * watermark, and the screenings after a restart would differ from those of a run without one (found
 * by {@code FailureRecoveryIT}).
 *
 * <p>The same race exists at a first start: with several settlement partitions, one reader that
 * gets its first records a moment later than another (split assignment, a slow fetch, a loaded
 * machine) would be idle meanwhile, and its settlements, older than the other partition's
 * watermark, would be judged by it: a 2025 settlement behind a partition already in May 2026 was
 * LATE_BEYOND_BOUND although its own partition never passed 2025's bound (found by {@code
 * TriageIT}).
 *
 * <p>{@link #live} <b>tracks each partition of its reader</b> (a reader of a Kafka topic may read
 * several): the watermark trails the slowest partition that has had a settlement within {@code
 * idleAfter}, not the reader's latest settlement. A reader that catches up on a backlog gets each
 * poll's records partition after partition; had the latest settlement of the first partition set
 * the watermark, a periodic emission between the two would make the second partition's earlier
 * settlements late, so that screenings and aggregates would depend on how the polls happened to
 * interleave. A partition idle for {@code idleAfter} no longer holds the others back, as with
 * Flink's split idleness; when all are idle, event time moves on with the wall clock as above.
 */
public final class SettlementTimeWatermarks implements WatermarkGenerator<MonitoringEvent> {
    private static final long MINUTE = 60_000L;

    private final long boundMillis;
    private final boolean punctuated;
    private final long idleAfterMillis;
    private final long startHoldMillis;
    private final WallClock clock;
    private long maxSettlementTime = Long.MIN_VALUE;
    private long lastEmittedMinute = Long.MIN_VALUE;
    private long lastSettlementArrival;
    private long lastEmitted = Long.MIN_VALUE;

    /** Wall-clock creation time of a {@link #live} generator: the start of its hold. */
    private final long startedAt;

    /** A registry record arrived (before any settlement: only then is it asked). */
    private boolean sawRegistryRecord;

    /** Live only: per partition of this reader, its latest settlement time and last arrival. */
    private final Map<Integer, PartitionTime> partitions = new HashMap<>();

    /** Where a partition's settlements have come to. */
    private static final class PartitionTime {
        long maxSettlementTime = Long.MIN_VALUE;
        long lastArrival;
    }

    /** Wall-clock milliseconds; serializable so that tests can run a faster clock. */
    @FunctionalInterface
    public interface WallClock extends Serializable {
        long millis();
    }

    private SettlementTimeWatermarks(Duration outOfOrderness, boolean punctuated) {
        this(outOfOrderness, punctuated, null, null, null);
    }

    private SettlementTimeWatermarks(
            Duration outOfOrderness,
            boolean punctuated,
            Duration idleAfter,
            Duration startHold,
            WallClock clock) {
        this.boundMillis = outOfOrderness.toMillis();
        this.punctuated = punctuated;
        this.idleAfterMillis = idleAfter == null ? -1 : idleAfter.toMillis();
        this.startHoldMillis = startHold == null ? -1 : startHold.toMillis();
        this.clock = clock;
        this.startedAt = clock == null ? 0 : clock.millis();
    }

    /**
     * For live sources: periodic, advancing with the wall clock once no settlement has arrived for
     * the out-of-orderness bound, holding back at the start for at most {@code startHold} (see the
     * class comment).
     */
    public static WatermarkStrategy<MonitoringEvent> live(
            Duration outOfOrderness, Duration startHold) {
        return live(outOfOrderness, outOfOrderness, startHold, System::currentTimeMillis);
    }

    /** {@link #live(Duration, Duration)} holding back for the idle time, with an explicit clock. */
    public static WatermarkStrategy<MonitoringEvent> live(
            Duration outOfOrderness, Duration idleAfter, WallClock clock) {
        return live(outOfOrderness, idleAfter, idleAfter, clock);
    }

    /** {@link #live(Duration, Duration)} with an explicit idle time and clock. */
    public static WatermarkStrategy<MonitoringEvent> live(
            Duration outOfOrderness, Duration idleAfter, Duration startHold, WallClock clock) {
        WatermarkStrategy<MonitoringEvent> s =
                ctx ->
                        new SettlementTimeWatermarks(
                                outOfOrderness, false, idleAfter, startHold, clock);
        return s.withTimestampAssigner((event, previous) -> event.eventTime);
    }

    /** For live sources. */
    public static WatermarkStrategy<MonitoringEvent> periodic(Duration outOfOrderness) {
        return strategy(outOfOrderness, false);
    }

    /** For replays from files: deterministic placement of watermarks. */
    public static WatermarkStrategy<MonitoringEvent> punctuated(Duration outOfOrderness) {
        return strategy(outOfOrderness, true);
    }

    private static WatermarkStrategy<MonitoringEvent> strategy(
            Duration outOfOrderness, boolean punctuated) {
        WatermarkStrategy<MonitoringEvent> s =
                ctx -> new SettlementTimeWatermarks(outOfOrderness, punctuated);
        return s.withTimestampAssigner((event, previous) -> event.eventTime);
    }

    @Override
    public void onEvent(MonitoringEvent event, long timestamp, WatermarkOutput output) {
        if (event.type != MonitoringEvent.Type.SETTLEMENT) {
            sawRegistryRecord = true;
            return;
        }
        if (clock != null) {
            lastSettlementArrival = clock.millis();
            if (!punctuated) {
                PartitionTime p =
                        partitions.computeIfAbsent(event.partition, k -> new PartitionTime());
                p.lastArrival = lastSettlementArrival;
                p.maxSettlementTime = Math.max(p.maxSettlementTime, event.eventTime);
            }
        }
        if (event.eventTime <= maxSettlementTime) {
            return;
        }
        maxSettlementTime = event.eventTime;
        if (punctuated) {
            long minute = Math.floorDiv(current(), MINUTE);
            if (minute > lastEmittedMinute) {
                lastEmittedMinute = minute;
                output.emitWatermark(new Watermark(minute * MINUTE));
            }
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        if (maxSettlementTime == Long.MIN_VALUE) {
            if (!punctuated && !holdingBackAtStart()) {
                output.markIdle();
            }
        } else if (!punctuated) {
            long watermark = lastEmitted;
            if (clock == null) {
                watermark = Math.max(current(), watermark);
            } else {
                long now = clock.millis();
                watermark = Math.max(slowestActivePartition(now) - boundMillis - 1, watermark);
                long idleFor = now - lastSettlementArrival - idleAfterMillis;
                if (idleFor > 0) {
                    long eventClock = Math.min(maxSettlementTime + idleFor, now);
                    watermark = Math.max(watermark, eventClock - boundMillis - 1);
                }
            }
            lastEmitted = watermark;
            output.emitWatermark(new Watermark(watermark));
        }
    }

    /**
     * Live only: true while this reader has seen neither a settlement nor a registry record and has
     * run for less than {@code startHold} (see the class comment: restarts).
     */
    private boolean holdingBackAtStart() {
        if (clock == null || sawRegistryRecord) {
            return false;
        }
        return clock.millis() - startedAt <= startHoldMillis;
    }

    /**
     * The latest settlement time of the slowest partition with a settlement within {@code
     * idleAfter} of {@code now}; when none has one, the latest settlement time of all.
     */
    private long slowestActivePartition(long now) {
        long slowest = Long.MAX_VALUE;
        for (PartitionTime p : partitions.values()) {
            if (now - p.lastArrival <= idleAfterMillis) {
                slowest = Math.min(slowest, p.maxSettlementTime);
            }
        }
        return slowest == Long.MAX_VALUE ? maxSettlementTime : slowest;
    }

    private long current() {
        return maxSettlementTime - boundMillis - 1;
    }
}

package org.medwarn.ingest;

import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event time is {@code setl_time}: the watermark trails the latest settlement time by a bound.
 * Registry records carry their {@code effective_from} as timestamp but never move the watermark (a
 * registry change dated next month must not close this month); a stream that has seen no settlement
 * yet is idle, so a registry-only input never holds the others back. Records without a timestamp
 * ({@link TimestampAssigner#NO_TIMESTAMP}: rejected by decoding at the source) are ignored.
 *
 * <p>Warnings are emitted when a settlement arrives, not when the watermark passes, so the bound
 * adds no latency; the watermark only drives timers (registry changes coming into effect, years
 * closing) and the late-settlement bound.
 *
 * <p>{@link #punctuated} emits on events, whenever the watermark enters a new minute, so that a
 * single-reader replay places watermarks at the same records in every run: replays are
 * deterministic. {@link #periodic} emits on Flink's auto-watermark interval.
 *
 * <p>{@link #live} and {@link #liveAtSource} are periodic and <b>keep time when the settlements
 * stop</b> (night, weekend): once no settlement has arrived for {@code idleAfter} of wall-clock
 * time, the watermark moves on with the wall clock from where the settlements left it, never past
 * the wall clock itself, and still trails by the out-of-orderness bound. So a Monday 00:00
 * screening happens on Monday even when nothing arrives. A settlement that then arrives dated
 * before the watermark is late like any other (it still counts in its year; a screening marks it
 * late). Flink's {@code withIdleness} is not enough: it only takes an idle input out of the
 * minimum, it never moves event time forward. Never used in a replay, which must not depend on the
 * wall clock.
 *
 * <p>They <b>hold event time back when they start</b>, until their first settlement, their first
 * registry record (a registry input: idle from then on) or {@code idleAfter} of wall-clock time
 * without either (idle from then on, as above). A restarted job (after a failure, or restored from
 * a savepoint) re-reads each partition from its checkpointed offset, and Flink does not keep
 * watermarks in checkpoints: had each partition counted as idle until its first settlement, the one
 * that came first would drive event time alone, the backlog of the others would then arrive behind
 * the watermark, and the screenings after a restart would differ from those of a run without one
 * (found by {@code FailureRecoveryIT}). The same race exists at a first start, when one partition
 * gets its first records a moment later than another (found by {@code TriageIT}).
 *
 * <p>{@link #liveAtSource} <b>keeps one watermark per Kafka partition</b>: Flink creates a
 * generator for each partition (split) when it is assigned to a reader and emits the minimum, so a
 * partition that has not delivered yet holds event time back from the moment it is assigned. One
 * generator per reader, after decoding, could not: a reader of several partitions gets each poll
 * partition after partition, and at the start its generator had seen only the first partition's
 * records, so a periodic emission before the second partition's first records made them late, and
 * screenings and aggregates depended on how the polls happened to interleave (found by {@code
 * FailureRecoveryIT}: an assisted person's January 蓝 missing from the screenings until late
 * February). A partition without a settlement for {@code idleAfter} while another partition of the
 * same reader still has them is idle, so it no longer holds the others back (as with Flink's split
 * idleness); when all of the reader's partitions are idle, event time moves on with the wall clock
 * from the reader's latest settlement, as above.
 *
 * @param <T> the records: raw records at the source, decoded events after decoding
 */
public final class SettlementTimeWatermarks<T> implements WatermarkGenerator<T> {
    private static final long MINUTE = 60_000L;

    private final Kind<T> kind;
    private final long boundMillis;
    private final boolean punctuated;
    private final long idleAfterMillis;
    private final WallClock clock;
    private final ReaderActivity reader;
    private long maxSettlementTime = Long.MIN_VALUE;
    private long lastEmittedMinute = Long.MIN_VALUE;
    private long lastSettlementArrival;
    private long lastEmitted = Long.MIN_VALUE;

    /** Wall-clock creation time of a live generator: the start of its hold. */
    private final long startedAt;

    /** A registry record arrived (before any settlement: only then is it asked). */
    private boolean sawRegistryRecord;

    /** Tells settlements from registry records. */
    @FunctionalInterface
    public interface Kind<T> extends Serializable {
        boolean isSettlement(T record);
    }

    /** Wall-clock milliseconds; serializable so that tests can run a faster clock. */
    @FunctionalInterface
    public interface WallClock extends Serializable {
        long millis();
    }

    /**
     * Where the settlements of one reader (all its partitions) have come to: shared by the
     * generators of its partitions. Used from the reader's task thread only.
     */
    static final class ReaderActivity {
        long maxSettlementTime = Long.MIN_VALUE;
        long lastArrival;

        void settled(long settlementTime, long arrival) {
            maxSettlementTime = Math.max(maxSettlementTime, settlementTime);
            lastArrival = arrival;
        }
    }

    private SettlementTimeWatermarks(Kind<T> kind, Duration outOfOrderness, boolean punctuated) {
        this(kind, outOfOrderness, punctuated, null, null, null);
    }

    private SettlementTimeWatermarks(
            Kind<T> kind,
            Duration outOfOrderness,
            boolean punctuated,
            Duration idleAfter,
            WallClock clock,
            ReaderActivity reader) {
        this.kind = kind;
        this.boundMillis = outOfOrderness.toMillis();
        this.punctuated = punctuated;
        this.idleAfterMillis = idleAfter == null ? -1 : idleAfter.toMillis();
        this.clock = clock;
        this.reader = reader != null ? reader : new ReaderActivity();
        this.startedAt = clock == null ? 0 : clock.millis();
    }

    /** Settlements among decoded events. */
    private static boolean isSettlement(MonitoringEvent event) {
        return event.type == MonitoringEvent.Type.SETTLEMENT;
    }

    /**
     * For the decoded events of a live source, one generator per reader: periodic, advancing with
     * the wall clock once no settlement has arrived for the out-of-orderness bound, holding back at
     * the start for as long (see the class comment). A Kafka topic of settlements takes {@link
     * #liveAtSource} instead.
     */
    public static WatermarkStrategy<MonitoringEvent> live(Duration outOfOrderness) {
        return live(outOfOrderness, outOfOrderness, System::currentTimeMillis);
    }

    /** {@link #live(Duration)} with an explicit idle time (and hold at the start) and clock. */
    public static WatermarkStrategy<MonitoringEvent> live(
            Duration outOfOrderness, Duration idleAfter, WallClock clock) {
        WatermarkStrategy<MonitoringEvent> s =
                ctx ->
                        new SettlementTimeWatermarks<>(
                                SettlementTimeWatermarks::isSettlement,
                                outOfOrderness,
                                false,
                                idleAfter,
                                clock,
                                null);
        return s.withTimestampAssigner((event, previous) -> event.eventTime);
    }

    /**
     * For a Kafka topic of raw settlements, given to the source so that Flink keeps one watermark
     * per partition (see the class comment), each partition holding event time back for the idle
     * time after it is assigned. Its records need their {@code setl_time} as timestamp: {@link
     * SettlementTimeAtSource}, which the workflow adds with the job's input limits.
     */
    public static WatermarkStrategy<RawRecord> liveAtSource(Duration outOfOrderness) {
        return liveAtSource(outOfOrderness, outOfOrderness, System::currentTimeMillis);
    }

    /** {@link #liveAtSource(Duration)} with an explicit idle time and clock. */
    public static WatermarkStrategy<RawRecord> liveAtSource(
            Duration outOfOrderness, Duration idleAfter, WallClock clock) {
        return new PerPartition(outOfOrderness, idleAfter, clock);
    }

    /**
     * {@link #liveAtSource}: Flink asks it for one generator per partition of a reader (and one for
     * the reader's main output, which gets no records); those of one reader share its {@link
     * ReaderActivity}. Each reader (subtask) deserializes its own copy of the strategy, so the
     * transient activity is per reader.
     */
    private static final class PerPartition implements WatermarkStrategy<RawRecord> {
        private static final long serialVersionUID = 1L;
        private final Duration outOfOrderness;
        private final Duration idleAfter;
        private final WallClock clock;
        private transient ReaderActivity reader;

        PerPartition(Duration outOfOrderness, Duration idleAfter, WallClock clock) {
            this.outOfOrderness = outOfOrderness;
            this.idleAfter = idleAfter;
            this.clock = clock;
        }

        @Override
        public WatermarkGenerator<RawRecord> createWatermarkGenerator(
                WatermarkGeneratorSupplier.Context context) {
            if (reader == null) {
                reader = new ReaderActivity();
            }
            return new SettlementTimeWatermarks<>(
                    raw -> raw.kind == RawRecord.InputKind.SETTLEMENT,
                    outOfOrderness,
                    false,
                    idleAfter,
                    clock,
                    reader);
        }
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
                ctx ->
                        new SettlementTimeWatermarks<>(
                                SettlementTimeWatermarks::isSettlement, outOfOrderness, punctuated);
        return s.withTimestampAssigner((event, previous) -> event.eventTime);
    }

    @Override
    public void onEvent(T event, long timestamp, WatermarkOutput output) {
        if (timestamp == TimestampAssigner.NO_TIMESTAMP) {
            return;
        }
        if (!kind.isSettlement(event)) {
            sawRegistryRecord = true;
            return;
        }
        if (clock != null) {
            lastSettlementArrival = clock.millis();
            reader.settled(timestamp, lastSettlementArrival);
        }
        if (timestamp <= maxSettlementTime) {
            return;
        }
        maxSettlementTime = timestamp;
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
        if (punctuated) {
            return;
        }
        if (maxSettlementTime == Long.MIN_VALUE) {
            if (!holdingBackAtStart()) {
                output.markIdle();
            }
            return;
        }
        long watermark = current();
        if (clock != null) {
            long now = clock.millis();
            if (now - lastSettlementArrival > idleAfterMillis) {
                long readerIdleFor = now - reader.lastArrival - idleAfterMillis;
                if (readerIdleFor <= 0) {
                    // another partition of this reader goes on: this one no longer holds it back
                    output.markIdle();
                    return;
                }
                long eventClock = Math.min(reader.maxSettlementTime + readerIdleFor, now);
                watermark = Math.max(watermark, eventClock - boundMillis - 1);
            }
        }
        watermark = Math.max(watermark, lastEmitted);
        lastEmitted = watermark;
        output.emitWatermark(new Watermark(watermark));
    }

    /**
     * Live only: true while this generator has seen neither a settlement nor a registry record and
     * has run for less than {@code idleAfter} (see the class comment: restarts).
     */
    private boolean holdingBackAtStart() {
        if (clock == null || sawRegistryRecord) {
            return false;
        }
        return clock.millis() - startedAt <= idleAfterMillis;
    }

    private long current() {
        return maxSettlementTime - boundMillis - 1;
    }
}

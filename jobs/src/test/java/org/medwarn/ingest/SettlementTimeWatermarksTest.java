package org.medwarn.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.junit.jupiter.api.Test;

/** The live watermark: trails the settlements, and keeps time with the wall clock when idle. */
class SettlementTimeWatermarksTest {
    private static final long MINUTE = 60_000L;
    private long now = 1_000 * MINUTE;
    private final RecordingOutput output = new RecordingOutput();

    private WatermarkGenerator<MonitoringEvent> live() {
        return SettlementTimeWatermarks.live(
                        Duration.ofMinutes(1), Duration.ofMinutes(1), () -> now)
                .createWatermarkGenerator(null);
    }

    private static MonitoringEvent settlement(long time) {
        return event(MonitoringEvent.Type.SETTLEMENT, time);
    }

    private static MonitoringEvent event(MonitoringEvent.Type type, long time) {
        MonitoringEvent e = new MonitoringEvent();
        e.type = type;
        e.eventTime = time;
        return e;
    }

    private long emit(WatermarkGenerator<MonitoringEvent> g) {
        g.onPeriodicEmit(output);
        return output.watermark();
    }

    @Test
    void holdsBackAtStartThenIdleUntilTheFirstSettlement() {
        WatermarkGenerator<MonitoringEvent> g = live();
        g.onPeriodicEmit(output);
        now += MINUTE - 1;
        g.onPeriodicEmit(output);
        assertThat(output.idle).as("a restarted reader may still have a backlog").isFalse();
        assertThat(output.emitted).isEmpty();
        now += 60 * MINUTE;
        assertIdleWithoutWatermark(g);
    }

    @Test
    void aRegistryInputIsIdleAtOnce() {
        WatermarkGenerator<MonitoringEvent> g = live();
        g.onEvent(
                event(MonitoringEvent.Type.REGISTRY, now + 30 * MINUTE), now + 30 * MINUTE, output);
        assertIdleWithoutWatermark(g);
    }

    private void assertIdleWithoutWatermark(WatermarkGenerator<MonitoringEvent> g) {
        g.onPeriodicEmit(output);
        assertThat(output.idle).isTrue();
        assertThat(output.emitted).isEmpty();
    }

    /**
     * At the start a reader without settlements holds event time for the idle time (not idle), so
     * another partition that is read first cannot carry the watermark past this one's settlements.
     */
    @Test
    void holdsEventTimeAtTheStartUntilItsFirstSettlementForTheIdleTime() {
        WatermarkGenerator<MonitoringEvent> g = live();
        now += MINUTE; // split assignment and first fetch took a minute: still holding
        g.onPeriodicEmit(output);
        assertThat(output.idle).isFalse();
        assertThat(output.emitted).isEmpty();
        long first = now - 400 * 24 * 60 * MINUTE; // an old settlement (a backlog)
        g.onEvent(settlement(first), first, output);
        assertThat(emit(g)).isEqualTo(first - MINUTE - 1);

        WatermarkGenerator<MonitoringEvent> h = live();
        now += MINUTE + 1; // a minute without any settlement: idle from then on
        h.onPeriodicEmit(output);
        assertThat(output.idle).isTrue();
    }

    @Test
    void aReaderThatStartsWithItsBacklogNeverRunsAheadOfTheOthers() {
        // two partitions restored from a checkpoint: the second reader's first settlement comes
        // after the first reader has emitted; until then the second must hold event time back
        WatermarkGenerator<MonitoringEvent> first = live();
        WatermarkGenerator<MonitoringEvent> second = live();
        long t = now - 100 * MINUTE;
        first.onEvent(settlement(t), t, output);
        assertThat(emit(first)).isEqualTo(t - MINUTE - 1);
        second.onPeriodicEmit(output);
        assertThat(output.idle).isFalse();
        second.onEvent(settlement(t - 30 * MINUTE), t - 30 * MINUTE, output);
        assertThat(emit(second)).isEqualTo(t - 31 * MINUTE - 1);
    }

    /** What a generator emitted and whether it is idle, as Flink's (per-split) output keeps it. */
    private static final class RecordingOutput implements WatermarkOutput {
        final List<Long> emitted = new ArrayList<>();
        boolean idle;

        @Override
        public void emitWatermark(Watermark w) {
            emitted.add(w.getTimestamp());
            idle = false;
        }

        @Override
        public void markIdle() {
            idle = true;
        }

        @Override
        public void markActive() {
            idle = false;
        }

        /** The latest watermark emitted, or Long.MIN_VALUE. */
        long watermark() {
            return emitted.isEmpty() ? Long.MIN_VALUE : emitted.get(emitted.size() - 1);
        }
    }

    private static RawRecord raw() {
        RawRecord r = new RawRecord();
        r.kind = RawRecord.InputKind.SETTLEMENT;
        return r;
    }

    /** Flink asks one strategy (one reader's copy) for a generator per partition. */
    private final WatermarkStrategy<RawRecord> reader =
            SettlementTimeWatermarks.liveAtSource(
                    Duration.ofMinutes(1), Duration.ofMinutes(1), () -> now);

    @Test
    void eachPartitionHoldsEventTimeFromItsAssignmentUntilItsFirstSettlement() {
        // one reader, two partitions assigned together; the first poll brings partition 0 only,
        // already in late February: partition 1's January settlements must not be late
        WatermarkGenerator<RawRecord> p0 = reader.createWatermarkGenerator(null);
        WatermarkGenerator<RawRecord> p1 = reader.createWatermarkGenerator(null);
        RecordingOutput out0 = new RecordingOutput();
        RecordingOutput out1 = new RecordingOutput();
        long february = now - 300 * 24 * 60 * MINUTE;
        p0.onEvent(raw(), february, out0);
        p0.onPeriodicEmit(out0);
        p1.onPeriodicEmit(out1);
        assertThat(out0.watermark()).isEqualTo(february - MINUTE - 1);
        assertThat(out1.watermark()).as("nothing yet: holds the minimum").isEqualTo(Long.MIN_VALUE);
        assertThat(out1.idle).isFalse();

        long january = february - 50 * 24 * 60 * MINUTE;
        p1.onEvent(raw(), january, out1);
        p1.onPeriodicEmit(out1);
        assertThat(out1.watermark()).isEqualTo(january - MINUTE - 1);
    }

    @Test
    void recordsRejectedAtTheSourceNeverMoveTheWatermark() {
        WatermarkGenerator<RawRecord> p = reader.createWatermarkGenerator(null);
        RecordingOutput out = new RecordingOutput();
        p.onEvent(raw(), TimestampAssigner.NO_TIMESTAMP, out); // e.g. dated 2099: FUTURE_TIME
        p.onPeriodicEmit(out);
        assertThat(out.watermark()).isEqualTo(Long.MIN_VALUE);
        assertThat(out.idle).as("still holding for its first settlement").isFalse();
    }

    @Test
    void aQuietPartitionIsIdleWhileAnotherOfItsReaderGoesOnThenAllFollowTheWallClock() {
        WatermarkGenerator<RawRecord> p0 = reader.createWatermarkGenerator(null);
        WatermarkGenerator<RawRecord> p1 = reader.createWatermarkGenerator(null);
        RecordingOutput out0 = new RecordingOutput();
        RecordingOutput out1 = new RecordingOutput();
        long t = now - 100 * MINUTE;
        p0.onEvent(raw(), t, out0);
        p1.onEvent(raw(), t + 10 * MINUTE, out1);

        // partition 1 goes quiet while partition 0 goes on: it no longer holds event time back
        now += MINUTE + 1;
        p0.onEvent(raw(), t + 40 * MINUTE, out0);
        p0.onPeriodicEmit(out0);
        p1.onPeriodicEmit(out1);
        assertThat(out0.watermark()).isEqualTo(t + 40 * MINUTE - MINUTE - 1);
        assertThat(out1.idle).isTrue();

        // then the whole reader is quiet: event time moves on with the wall clock from the
        // reader's latest settlement, in every partition alike
        now += MINUTE + 10 * MINUTE;
        p0.onPeriodicEmit(out0);
        p1.onPeriodicEmit(out1);
        assertThat(out0.watermark()).isEqualTo(t + 50 * MINUTE - MINUTE - 1);
        assertThat(out1.watermark()).isEqualTo(out0.watermark());
        assertThat(out1.idle).isFalse();
    }

    @Test
    void trailsTheSettlementsThenAdvancesWithTheWallClockWhenIdle() {
        WatermarkGenerator<MonitoringEvent> g = live();
        long latest = now - 5_000; // arrived 5 s after its setl_time
        g.onEvent(settlement(latest), latest, output);
        assertThat(emit(g)).isEqualTo(latest - MINUTE - 1);

        now += MINUTE; // idle for the bound: not yet
        assertThat(emit(g)).isEqualTo(latest - MINUTE - 1);
        now += 10 * MINUTE; // ten minutes more: event time moves ten minutes on
        assertThat(emit(g)).isEqualTo(latest + 10 * MINUTE - MINUTE - 1);
        now += 3 * 24 * 60 * MINUTE; // a long weekend
        assertThat(emit(g)).isEqualTo(latest + (3 * 24 * 60 + 10) * MINUTE - MINUTE - 1);
    }

    @Test
    void neverPassesTheWallClockNorGoesBack() {
        WatermarkGenerator<MonitoringEvent> g = live();
        long future = now + 60 * MINUTE; // a settlement dated ahead of the clock
        g.onEvent(settlement(future), future, output);
        now += 30 * MINUTE;
        assertThat(emit(g)).isEqualTo(future - MINUTE - 1);

        WatermarkGenerator<MonitoringEvent> h = live();
        h.onEvent(settlement(now), now, output);
        now += 100 * MINUTE;
        long advanced = emit(h);
        assertThat(advanced).isEqualTo(now - MINUTE - MINUTE - 1);
        long old = now - 500 * MINUTE; // a late settlement arrives: activity, but no way back
        h.onEvent(settlement(old), old, output);
        assertThat(emit(h)).isEqualTo(advanced);
    }

    @Test
    void replayWatermarksIgnoreTheClock() {
        WatermarkGenerator<MonitoringEvent> g =
                SettlementTimeWatermarks.punctuated(Duration.ofMinutes(1))
                        .createWatermarkGenerator(null);
        g.onEvent(settlement(10 * MINUTE), 10 * MINUTE, output);
        assertThat(output.emitted).containsExactly(9 * MINUTE - MINUTE);
        g.onPeriodicEmit(output);
        assertThat(output.emitted).hasSize(1);
    }
}

package org.medwarn.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

/** The live watermark: trails the settlements, and keeps time with the wall clock when idle. */
class SettlementTimeWatermarksTest {
    private static final long MINUTE = 60_000L;
    private long now = 1_000 * MINUTE;
    private final List<Long> emitted = new ArrayList<>();
    private boolean idle;

    private final WatermarkOutput output =
            new WatermarkOutput() {
                @Override
                public void emitWatermark(Watermark watermark) {
                    emitted.add(watermark.getTimestamp());
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
            };

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
        return emitted.get(emitted.size() - 1);
    }

    @Test
    void holdsBackAtStartThenIdleUntilTheFirstSettlement() {
        WatermarkGenerator<MonitoringEvent> g = live();
        g.onPeriodicEmit(output);
        now += MINUTE - 1;
        g.onPeriodicEmit(output);
        assertThat(idle).as("a restarted reader may still have a backlog").isFalse();
        assertThat(emitted).isEmpty();
        now += 60 * MINUTE;
        assertIdleWithoutWatermark(g);
    }

    /**
     * The live job's settlements wait for the registry (RegistryFirstSource), so their readers hold
     * for that wait plus the idle time, not the idle time alone.
     */
    @Test
    void holdsBackForTheStartHoldWhenLongerThanTheIdleTime() {
        WatermarkGenerator<MonitoringEvent> g =
                SettlementTimeWatermarks.live(
                                Duration.ofMinutes(1),
                                Duration.ofMinutes(1),
                                Duration.ofMinutes(6),
                                () -> now)
                        .createWatermarkGenerator(null);
        now += 6 * MINUTE - 1;
        g.onPeriodicEmit(output);
        assertThat(idle).as("the registry may still be loading").isFalse();
        assertThat(emitted).isEmpty();
        now += 2;
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
        assertThat(idle).isTrue();
        assertThat(emitted).isEmpty();
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
        assertThat(idle).isFalse();
        assertThat(emitted).isEmpty();
        long first = now - 400 * 24 * 60 * MINUTE; // an old settlement (a backlog)
        g.onEvent(settlement(first), first, output);
        assertThat(emit(g)).isEqualTo(first - MINUTE - 1);

        WatermarkGenerator<MonitoringEvent> h = live();
        now += MINUTE + 1; // a minute without any settlement: idle from then on
        h.onPeriodicEmit(output);
        assertThat(idle).isTrue();
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
        assertThat(idle).isFalse();
        second.onEvent(settlement(t - 30 * MINUTE), t - 30 * MINUTE, output);
        assertThat(emit(second)).isEqualTo(t - 31 * MINUTE - 1);
    }

    private static MonitoringEvent settlement(long time, int partition) {
        MonitoringEvent e = settlement(time);
        e.partition = partition;
        return e;
    }

    @Test
    void trailsTheSlowestPartitionOfItsReaderUntilThatOneIsIdle() {
        // one reader, two partitions, each poll partition after partition: a periodic emission
        // between the two must not let partition 0's latest settlement make partition 1's late
        WatermarkGenerator<MonitoringEvent> g = live();
        long t = now - 100 * MINUTE;
        g.onEvent(settlement(t, 0), t, output);
        g.onEvent(settlement(t + 1_000, 1), t + 1_000, output);
        g.onEvent(settlement(t + 30 * MINUTE, 0), t + 30 * MINUTE, output);
        assertThat(emit(g)).isEqualTo(t + 1_000 - MINUTE - 1);
        g.onEvent(settlement(t + 10 * MINUTE, 1), t + 10 * MINUTE, output);
        assertThat(emit(g)).isEqualTo(t + 10 * MINUTE - MINUTE - 1);

        // partition 1 goes quiet while partition 0 goes on: after the idle time it no longer
        // holds event time back
        now += MINUTE;
        g.onEvent(settlement(t + 40 * MINUTE, 0), t + 40 * MINUTE, output);
        assertThat(emit(g)).isEqualTo(t + 10 * MINUTE - MINUTE - 1);
        now += 1;
        assertThat(emit(g)).isEqualTo(t + 40 * MINUTE - MINUTE - 1);
        // and its next settlement, older than that, is late: the watermark never goes back
        g.onEvent(settlement(t + 11 * MINUTE, 1), t + 11 * MINUTE, output);
        assertThat(emit(g)).isEqualTo(t + 40 * MINUTE - MINUTE - 1);
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
        assertThat(emitted).containsExactly(9 * MINUTE - MINUTE);
        g.onPeriodicEmit(output);
        assertThat(emitted).hasSize(1);
    }
}

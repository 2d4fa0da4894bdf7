package org.medwarn.ingest;

import java.time.Duration;
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
 * deterministic. {@link #periodic} emits on Flink's auto-watermark interval (live).
 */
public final class SettlementTimeWatermarks implements WatermarkGenerator<MonitoringEvent> {
    private static final long MINUTE = 60_000L;

    private final long boundMillis;
    private final boolean punctuated;
    private long maxSettlementTime = Long.MIN_VALUE;
    private long lastEmittedMinute = Long.MIN_VALUE;

    private SettlementTimeWatermarks(Duration outOfOrderness, boolean punctuated) {
        this.boundMillis = outOfOrderness.toMillis();
        this.punctuated = punctuated;
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
        if (event.type != MonitoringEvent.Type.SETTLEMENT || event.eventTime <= maxSettlementTime) {
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
            output.markIdle();
        } else if (!punctuated) {
            output.emitWatermark(new Watermark(current()));
        }
    }

    private long current() {
        return maxSettlementTime - boundMillis - 1;
    }
}

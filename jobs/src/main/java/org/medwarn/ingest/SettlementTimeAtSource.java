package org.medwarn.ingest;

import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.TimestampAssignerSupplier;

/**
 * The event time of a raw settlement at the source: its {@code setl_time}, so that Flink can keep
 * one watermark per Kafka partition ({@link SettlementTimeWatermarks#liveAtSource}). It decodes and
 * validates the record under the job's {@link InputLimits} and keeps the outcome on the record, so
 * {@link DecodeAndValidate} further down the chain does not decode it twice.
 *
 * <p>A record that decoding rejects gets {@link TimestampAssigner#NO_TIMESTAMP} and never moves the
 * watermark: a settlement dated in 2099 goes to the dead letters as FUTURE_TIME, as it did when
 * event time was assigned after decoding, and does not close every screening until then.
 */
public final class SettlementTimeAtSource implements TimestampAssigner<RawRecord> {
    private final RecordDecoder decoder;

    private SettlementTimeAtSource(RecordDecoder decoder) {
        this.decoder = decoder;
    }

    /** One assigner per source reader, decoding under {@code limits}. */
    public static TimestampAssignerSupplier<RawRecord> supplier(InputLimits limits) {
        return context -> new SettlementTimeAtSource(new RecordDecoder(limits));
    }

    @Override
    public long extractTimestamp(RawRecord raw, long recordTimestamp) {
        MonitoringEvent event = decoder.decodeAndKeep(raw);
        return event == null ? NO_TIMESTAMP : event.eventTime;
    }
}

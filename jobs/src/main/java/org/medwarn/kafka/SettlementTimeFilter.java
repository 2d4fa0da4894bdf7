package org.medwarn.kafka;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.medwarn.ingest.MonitoringEvent;
import org.medwarn.ingest.RawRecord;
import org.medwarn.ingest.RecordDecoder;
import org.medwarn.ingest.RejectedInputException;

/**
 * Reads {@code settlements} for a time range of {@code setl_time}: a settlement whose {@code
 * setl_time} (China time) is outside {@code [fromMillis, toMillis)} is skipped (and counted); every
 * other record, including one that does not decode or validate, is passed on raw as by {@link
 * RawRecordDeserializer}, so bad input still becomes a dead letter downstream. The Kafka timestamp
 * only chooses where reading starts (see {@link TopicRangeSources}); this filter makes the range
 * exact.
 */
public final class SettlementTimeFilter extends RawRecordDeserializer {
    private static final long serialVersionUID = 1L;

    /** Settlements passed on (in the range, or undecodable) in this JVM, for progress output. */
    public static final AtomicLong PASSED = new AtomicLong();

    /** Settlements skipped for their {@code setl_time} in this JVM. */
    public static final AtomicLong SKIPPED = new AtomicLong();

    private final long fromMillis;
    private final long toMillis;
    private transient RecordDecoder decoder;

    public SettlementTimeFilter(long fromMillis, long toMillis) {
        super(RawRecord.InputKind.SETTLEMENT);
        if (toMillis <= fromMillis) {
            throw new IllegalArgumentException(
                    "empty settlement time range [" + fromMillis + ", " + toMillis + ")");
        }
        this.fromMillis = fromMillis;
        this.toMillis = toMillis;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawRecord> out) {
        super.deserialize(
                record,
                new Collector<>() {
                    @Override
                    public void collect(RawRecord raw) {
                        if (inRange(raw)) {
                            PASSED.incrementAndGet();
                            out.collect(raw);
                        } else {
                            SKIPPED.incrementAndGet();
                        }
                    }

                    @Override
                    public void close() {}
                });
    }

    /** False only for a valid settlement whose {@code setl_time} is outside the range. */
    boolean inRange(RawRecord raw) {
        if (decoder == null) {
            decoder = new RecordDecoder();
        }
        MonitoringEvent event;
        try {
            event = decoder.decode(raw);
        } catch (RejectedInputException e) {
            return true; // a dead letter downstream, whatever its time
        }
        return event.eventTime >= fromMillis && event.eventTime < toMillis;
    }
}

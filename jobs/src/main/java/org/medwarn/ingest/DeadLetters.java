package org.medwarn.ingest;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.EnumMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.OutputTag;
import org.medwarn.avro.DeadLetter;

/**
 * The dead-letter side output shared by every function that rejects input, its record factory and
 * its metrics: counter {@code medwarn.deadLetters} in total and {@code
 * medwarn.deadLettersByReason.<REASON>} per reason, in the metric group of the operator that
 * rejects (decode, decode policies, the monitor).
 */
public final class DeadLetters {
    /** Side output of rejected inputs. */
    public static final OutputTag<DeadLetter> TAG = new OutputTag<>("dead-letters") {};

    private final Counter total;
    private final EnumMap<DeadLetterReason, Counter> byReason =
            new EnumMap<>(DeadLetterReason.class);

    public DeadLetters(MetricGroup metrics) {
        MetricGroup group = metrics.addGroup("medwarn");
        total = group.counter("deadLetters");
        MetricGroup perReason = group.addGroup("deadLettersByReason");
        for (DeadLetterReason r : DeadLetterReason.values()) {
            byReason.put(r, perReason.counter(r.name()));
        }
    }

    public void count(DeadLetterReason reason) {
        total.inc();
        byReason.get(reason).inc();
    }

    /** A dead letter for a record that could not be decoded or validated. */
    public static DeadLetter of(RawRecord raw, DeadLetterReason reason, String detail) {
        return DeadLetter.newBuilder()
                .setReason(reason.name())
                .setDetail(detail)
                .setSource(raw.source)
                .setPartition(raw.partition < 0 ? null : raw.partition)
                .setOffset(raw.offset)
                .setRaw(ByteBuffer.wrap(raw.value == null ? new byte[0] : raw.value))
                .build();
    }

    /** A dead letter for a validated event that a rule of the monitor rejected. */
    public static DeadLetter of(MonitoringEvent event, DeadLetterReason reason, String detail) {
        return DeadLetter.newBuilder()
                .setReason(reason.name())
                .setDetail(detail)
                .setSource(event.source == null ? "" : event.source)
                .setPartition(event.partition < 0 ? null : event.partition)
                .setOffset(event.offset)
                .setPsnNo(event.psnNo)
                .setSetlId(event.setlId)
                .setEventTime(Instant.ofEpochMilli(event.eventTime))
                .setRaw(ByteBuffer.wrap(event.raw == null ? new byte[0] : event.raw))
                .build();
    }
}

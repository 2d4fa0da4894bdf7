package org.medwarn.ingest;

/**
 * An input record exactly as received, before decoding: what a dead letter keeps. Sources produce
 * these and never fail on content; {@link DecodeAndValidate} decodes them.
 *
 * <p>A Flink POJO (public fields, no-arg constructor) so it serializes without Kryo.
 */
public class RawRecord {
    /** What the record should be. */
    public InputKind kind;

    /** How the bytes are encoded. */
    public Encoding encoding;

    /** Topic or file name. */
    public String source;

    /** Kafka partition, or -1 for a file. */
    public int partition;

    /** Kafka offset, or 1-based line number for a file. */
    public long offset;

    public byte[] value;

    /**
     * When the record was received: the Kafka record timestamp (epoch millis), stored with the
     * record so that re-reading the topic sees the same value; {@link #NO_TIMESTAMP} for a file
     * line. {@link InputLimits} checks {@code setl_time} against it.
     */
    public long timestamp = NO_TIMESTAMP;

    /** {@link #timestamp} of a record that has none. */
    public static final long NO_TIMESTAMP = Long.MIN_VALUE;

    /**
     * This record decoded and validated at the source ({@link SettlementTimeAtSource}, which needs
     * its {@code setl_time}), so that {@link RecordDecoder#decode} does not decode it again; null
     * when not decoded yet or rejected. Transient: not part of the record's serialized form, so a
     * record that crosses the network is simply decoded again.
     */
    public transient MonitoringEvent decoded;

    /** Why decoding at the source rejected this record, or null. Transient as {@link #decoded}. */
    public transient RejectedInputException rejected;

    public RawRecord() {}

    public RawRecord(
            InputKind kind,
            Encoding encoding,
            String source,
            int partition,
            long offset,
            byte[] value) {
        this(kind, encoding, source, partition, offset, value, NO_TIMESTAMP);
    }

    /** As the constructor above, received at {@code timestamp} (epoch millis). */
    public RawRecord(
            InputKind kind,
            Encoding encoding,
            String source,
            int partition,
            long offset,
            byte[] value,
            long timestamp) {
        this.kind = kind;
        this.encoding = encoding;
        this.source = source;
        this.partition = partition;
        this.offset = offset;
        this.value = value;
        this.timestamp = timestamp;
    }

    /** Which input stream a record belongs to. */
    public enum InputKind {
        SETTLEMENT,
        PERSON,
        /** A policy file (YAML text), from the {@code policies} topic. */
        POLICY,
        /** A triage action (Avro {@code TriageAction}), from the {@code triage} topic. */
        TRIAGE
    }

    /** Wire encodings: Avro single-object encoding on Kafka, JSON Lines in files. */
    public enum Encoding {
        AVRO,
        JSON
    }
}

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

    public RawRecord() {}

    public RawRecord(
            InputKind kind,
            Encoding encoding,
            String source,
            int partition,
            long offset,
            byte[] value) {
        this.kind = kind;
        this.encoding = encoding;
        this.source = source;
        this.partition = partition;
        this.offset = offset;
        this.value = value;
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

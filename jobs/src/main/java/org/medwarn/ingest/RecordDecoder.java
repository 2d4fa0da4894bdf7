package org.medwarn.ingest;

import java.io.IOException;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.medwarn.avro.PersonRecord;
import org.medwarn.avro.Settlement;

/**
 * Decodes {@link RawRecord}s and validates them into {@link MonitoringEvent}s. Avro input uses
 * Avro's single-object encoding (a header with the writer schema's fingerprint), so a record
 * written by an older or newer schema version is resolved when that version is registered with
 * {@link #registerWriterSchemas}, and a foreign schema is recognised and rejected. Not thread-safe:
 * one instance per task.
 */
public final class RecordDecoder {
    private final SchemaStore.Cache knownSchemas = new SchemaStore.Cache();
    private final InputLimits limits;
    private final BinaryMessageDecoder<Settlement> settlements =
            Settlement.createDecoder(knownSchemas);
    private final BinaryMessageDecoder<PersonRecord> persons =
            PersonRecord.createDecoder(knownSchemas);

    /** A decoder with the {@link InputLimits#DEFAULTS default limits}. */
    public RecordDecoder() {
        this(InputLimits.DEFAULTS);
    }

    /** A decoder that rejects records beyond {@code limits} (size, settlement time). */
    public RecordDecoder(InputLimits limits) {
        this.limits = limits;
    }

    /** Accepts records written with these (compatible) earlier or later schema versions. */
    public RecordDecoder registerWriterSchemas(Iterable<org.apache.avro.Schema> writerSchemas) {
        for (org.apache.avro.Schema s : writerSchemas) {
            knownSchemas.addSchema(s);
        }
        return this;
    }

    /**
     * Decodes and validates one raw record, or returns (throws) what decoding it at the source
     * found ({@link #decodeAndKeep}).
     */
    public MonitoringEvent decode(RawRecord raw) throws RejectedInputException {
        if (raw.decoded != null) {
            return raw.decoded;
        }
        if (raw.rejected != null) {
            throw raw.rejected;
        }
        return decodeNow(raw);
    }

    /**
     * Decodes and validates one raw record and keeps the outcome on it ({@link RawRecord#decoded}
     * or {@link RawRecord#rejected}), for {@link #decode} further down the same chain.
     *
     * @return the decoded event, or null when the record is rejected
     */
    public MonitoringEvent decodeAndKeep(RawRecord raw) {
        try {
            raw.decoded = decodeNow(raw);
        } catch (RejectedInputException e) {
            raw.rejected = e;
        }
        return raw.decoded;
    }

    private MonitoringEvent decodeNow(RawRecord raw) throws RejectedInputException {
        limits.checkSize(raw);
        MonitoringEvent event =
                switch (raw.kind) {
                    case SETTLEMENT -> settlementWithinLimits(raw);
                    case PERSON -> InputValidator.person(person(raw));
                    case POLICY, TRIAGE ->
                            throw new IllegalArgumentException(
                                    raw.kind
                                            + " records are decoded by their own function, not"
                                            + " RecordDecoder");
                };
        event.source = raw.source;
        event.partition = raw.partition;
        event.offset = raw.offset;
        event.raw = raw.value;
        return event;
    }

    private MonitoringEvent settlementWithinLimits(RawRecord raw) throws RejectedInputException {
        MonitoringEvent e = InputValidator.settlement(settlement(raw));
        limits.checkSettlementTime(e.eventTime, raw.timestamp);
        return e;
    }

    private Settlement settlement(RawRecord raw) throws RejectedInputException {
        return raw.encoding == RawRecord.Encoding.JSON
                ? JsonLines.read(raw.value, new Settlement())
                : avro(settlements, raw.value);
    }

    private PersonRecord person(RawRecord raw) throws RejectedInputException {
        return raw.encoding == RawRecord.Encoding.JSON
                ? JsonLines.read(raw.value, new PersonRecord())
                : avro(persons, raw.value);
    }

    /**
     * Decodes single-object encoded Avro, rejecting a null value or foreign bytes as NOT_AVRO and
     * an unknown writer schema as UNKNOWN_SCHEMA.
     */
    public static <T> T avro(BinaryMessageDecoder<T> decoder, byte[] bytes)
            throws RejectedInputException {
        if (bytes == null) {
            throw new RejectedInputException(
                    DeadLetterReason.NOT_AVRO, "record value is null (a tombstone?)");
        }
        try {
            return decoder.decode(bytes);
        } catch (MissingSchemaException e) {
            throw new RejectedInputException(
                    DeadLetterReason.UNKNOWN_SCHEMA, "unknown writer schema: " + e.getMessage());
        } catch (BadHeaderException e) {
            throw new RejectedInputException(
                    DeadLetterReason.NOT_AVRO,
                    "not Avro single-object encoded (" + bytes.length + " bytes)");
        } catch (IOException | RuntimeException e) {
            throw new RejectedInputException(DeadLetterReason.NOT_AVRO, "cannot decode Avro: " + e);
        }
    }
}

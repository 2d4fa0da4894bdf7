package org.medwarn.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;
import org.medwarn.avro.Category;
import org.medwarn.avro.Level;
import org.medwarn.avro.Settlement;
import org.medwarn.avro.Trigger;
import org.medwarn.avro.Warning;
import org.medwarn.time.ChinaTime;

/** Decoding of raw records: Avro single-object encoding and JSON Lines. */
class RecordDecoderTest {
    private final RecordDecoder decoder = new RecordDecoder();

    private static RawRecord avro(RawRecord.InputKind kind, byte[] value) {
        return new RawRecord(kind, RawRecord.Encoding.AVRO, "settlements", 3, 42L, value);
    }

    /**
     * Another version of the {@code Settlement} schema (same name): each field with the type {@code
     * type} gives it (a changed type has no default), or left out where it gives null.
     */
    private static Schema settlementVariant(
            java.util.function.Function<Schema.Field, Schema> type) {
        Schema current = Settlement.getClassSchema();
        List<Schema.Field> fields =
                current.getFields().stream()
                        .filter(f -> type.apply(f) != null)
                        .map(
                                f ->
                                        type.apply(f) == f.schema()
                                                ? new Schema.Field(f, f.schema())
                                                : new Schema.Field(
                                                        f.name(), type.apply(f), f.doc()))
                        .toList();
        return Schema.createRecord(
                current.getName(), current.getDoc(), current.getNamespace(), false, fields);
    }

    /** A record received (Kafka timestamp) at {@code chinaTime}. */
    static RawRecord received(RawRecord.InputKind kind, byte[] value, String chinaTime) {
        return new RawRecord(
                kind,
                RawRecord.Encoding.AVRO,
                "settlements",
                0,
                1L,
                value,
                ChinaTime.parse(chinaTime));
    }

    static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private void rejected(RawRecord raw, DeadLetterReason reason, String... parts) {
        assertThatThrownBy(() -> decoder.decode(raw))
                .isInstanceOfSatisfying(
                        RejectedInputException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .satisfies(e -> assertThat(e.getMessage()).contains(List.of(parts)));
    }

    @Test
    void decodesAvroSettlementWithProvenance() throws Exception {
        byte[] value = bytes(InputValidatorTest.valid().build().toByteBuffer());
        MonitoringEvent e = decoder.decode(avro(RawRecord.InputKind.SETTLEMENT, value));
        assertThat(e.setlId).isEqualTo("S1");
        assertThat(e.psnPartCents).isEqualTo(30_000L);
        assertThat(e.source).isEqualTo("settlements");
        assertThat(e.partition).isEqualTo(3);
        assertThat(e.offset).isEqualTo(42L);
        assertThat(e.raw).isEqualTo(value);
    }

    @Test
    void decodesAvroPerson() throws Exception {
        byte[] value = bytes(InputValidatorTest.validPerson().build().toByteBuffer());
        MonitoringEvent e = decoder.decode(avro(RawRecord.InputKind.PERSON, value));
        assertThat(e.type).isEqualTo(MonitoringEvent.Type.REGISTRY);
        assertThat(e.category).isEqualTo(Category.ASSISTED);
    }

    @Test
    void decodesJsonLine() throws Exception {
        byte[] line =
                ("{\"setl_id\":\"S1\",\"psn_no\":\"P001\",\"setl_time\":\"2025-03-01 10:00:00\","
                                + "\"psn_part_amt\":\"300.00\",\"insu_admdvs\":\"371525\"}")
                        .getBytes(StandardCharsets.UTF_8);
        MonitoringEvent e =
                decoder.decode(
                        new RawRecord(
                                RawRecord.InputKind.SETTLEMENT,
                                RawRecord.Encoding.JSON,
                                "settlements.jsonl",
                                -1,
                                7L,
                                line));
        assertThat(e.psnPartCents).isEqualTo(30_000L);
        assertThat(e.offset).isEqualTo(7L);
    }

    @Test
    void bytesThatAreNotAvroAreNotAvro() {
        rejected(
                avro(
                        RawRecord.InputKind.SETTLEMENT,
                        "hello, world".getBytes(StandardCharsets.UTF_8)),
                DeadLetterReason.NOT_AVRO,
                "not Avro single-object encoded (12 bytes)");
        rejected(
                avro(RawRecord.InputKind.SETTLEMENT, new byte[0]),
                DeadLetterReason.NOT_AVRO,
                "not Avro");
        rejected(avro(RawRecord.InputKind.PERSON, null), DeadLetterReason.NOT_AVRO, "null");
    }

    @Test
    void truncatedAvroIsNotAvro() throws Exception {
        byte[] value = bytes(InputValidatorTest.valid().build().toByteBuffer());
        rejected(
                avro(RawRecord.InputKind.SETTLEMENT, Arrays.copyOf(value, 14)),
                DeadLetterReason.NOT_AVRO,
                "cannot decode Avro");
    }

    @Test
    void avroOfAnotherSchemaIsUnknownSchema() throws Exception {
        Warning w =
                Warning.newBuilder()
                        .setPsnNo("P001")
                        .setYear(2025)
                        .setSequence(1)
                        .setCategory(Category.ASSISTED)
                        .setFromLevel(Level.NONE)
                        .setToLevel(Level.BLUE)
                        .setAnnualSelfPay(new BigDecimal("30000.00"))
                        .setTrigger(Trigger.SETTLEMENT)
                        .setEventTime(Instant.parse("2025-03-01T02:00:00Z"))
                        .setPolicyVersion("default-2022")
                        .setCountyCode("371525")
                        .build();
        rejected(
                avro(RawRecord.InputKind.SETTLEMENT, bytes(w.toByteBuffer())),
                DeadLetterReason.UNKNOWN_SCHEMA,
                "unknown writer schema");
        // a settlement sent to the person input is foreign there too
        rejected(
                avro(
                        RawRecord.InputKind.PERSON,
                        bytes(InputValidatorTest.valid().build().toByteBuffer())),
                DeadLetterReason.UNKNOWN_SCHEMA,
                "unknown writer schema");
    }

    @Test
    void olderWriterSchemaIsDecodedOnceRegistered() throws Exception {
        Schema old = settlementVariant(f -> f.name().equals("dise_name") ? null : f.schema());
        GenericData.Record r = new GenericData.Record(old);
        r.put("setl_id", "S1");
        r.put("psn_no", "P001");
        r.put("setl_time", "2025-03-01 10:00:00");
        r.put(
                "psn_part_amt",
                ByteBuffer.wrap(new BigDecimal("300.00").unscaledValue().toByteArray()));
        r.put("insu_admdvs", "371525");
        byte[] value =
                bytes(new BinaryMessageEncoder<GenericRecord>(GenericData.get(), old).encode(r));

        rejected(
                avro(RawRecord.InputKind.SETTLEMENT, value),
                DeadLetterReason.UNKNOWN_SCHEMA,
                "unknown writer schema");
        MonitoringEvent e =
                decoder.registerWriterSchemas(List.of(old))
                        .decode(avro(RawRecord.InputKind.SETTLEMENT, value));
        assertThat(e.psnPartCents).isEqualTo(30_000L);
    }

    @Test
    void incompatiblyChangedSettlementSchemaIsUnknownSchema() throws Exception {
        // the same record name with psn_part_amt as a double: never registered, so its
        // fingerprint is unknown and the record is rejected before any field is read
        Schema incompatible =
                settlementVariant(
                        f ->
                                f.name().equals("psn_part_amt")
                                        ? Schema.create(Schema.Type.DOUBLE)
                                        : f.schema());
        GenericData.Record r = new GenericData.Record(incompatible);
        r.put("setl_id", "S1");
        r.put("psn_no", "P001");
        r.put("psn_part_amt", 300.0);
        byte[] value =
                bytes(
                        new BinaryMessageEncoder<GenericRecord>(GenericData.get(), incompatible)
                                .encode(r));
        rejected(
                avro(RawRecord.InputKind.SETTLEMENT, value),
                DeadLetterReason.UNKNOWN_SCHEMA,
                "unknown writer schema");
    }

    @Test
    void oversizedRecordIsRejectedBeforeDecoding() throws Exception {
        RecordDecoder small = new RecordDecoder(new InputLimits(64, Duration.ofHours(1), 5));
        byte[] value =
                bytes(
                        InputValidatorTest.valid()
                                .setFixmedinsName("x".repeat(100))
                                .build()
                                .toByteBuffer());
        assertThatThrownBy(() -> small.decode(avro(RawRecord.InputKind.SETTLEMENT, value)))
                .isInstanceOfSatisfying(
                        RejectedInputException.class,
                        e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.OVERSIZED))
                .hasMessageContaining(value.length + " bytes");
        // not Avro at all, but too big is what is reported
        assertThatThrownBy(() -> small.decode(avro(RawRecord.InputKind.PERSON, new byte[65])))
                .isInstanceOfSatisfying(
                        RejectedInputException.class,
                        e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.OVERSIZED));
    }

    @Test
    void settlementTimeIsCheckedAgainstTheRecordTimestamp() throws Exception {
        byte[] value = bytes(InputValidatorTest.valid().build().toByteBuffer()); // 2025-03-01 10:00
        rejected(
                received(RawRecord.InputKind.SETTLEMENT, value, "2025-03-01 08:00:00"),
                DeadLetterReason.FUTURE_TIME,
                "setl_time: 2025-03-01 10:00:00");
        rejected(
                received(RawRecord.InputKind.SETTLEMENT, value, "2031-01-01 00:00:00"),
                DeadLetterReason.BEFORE_RETENTION_HORIZON,
                "retention horizon 2026-01-01 00:00:00");
        MonitoringEvent e =
                decoder.decode(
                        received(RawRecord.InputKind.SETTLEMENT, value, "2025-03-01 10:05:00"));
        assertThat(e.setlId).isEqualTo("S1");
    }

    @Test
    void registryRecordsAreNotCheckedAgainstTheirReceivedTime() throws Exception {
        // a registry change may be planned for the future or date from long ago
        byte[] value =
                bytes(
                        InputValidatorTest.validPerson()
                                .setEffectiveFrom("2099-01-01")
                                .build()
                                .toByteBuffer());
        MonitoringEvent e =
                decoder.decode(received(RawRecord.InputKind.PERSON, value, "2025-03-01 10:05:00"));
        assertThat(e.psnNo).isEqualTo("P001");
    }
}

package org.medwarn.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.junit.jupiter.api.Test;

/**
 * The evolution rule of the schemas (add fields with a default only): a record written by the
 * previous version of {@link Settlement} (without its last field, {@code dise_name}) is read by the
 * current class, and a reader of the previous version reads records of the current one.
 */
class SchemaEvolutionTest {
    private static final Schema CURRENT = Settlement.getClassSchema();

    /** The current Settlement schema minus its last field, as the previous version was. */
    private static final Schema OLD = withoutLastField(CURRENT);

    private static Schema withoutLastField(Schema schema) {
        List<Schema.Field> fields = schema.getFields();
        assertThat(fields.get(fields.size() - 1).name()).isEqualTo("dise_name");
        List<Schema.Field> copied =
                fields.subList(0, fields.size() - 1).stream()
                        .map(f -> new Schema.Field(f, f.schema()))
                        .toList();
        return Schema.createRecord(
                schema.getName(), schema.getDoc(), schema.getNamespace(), false, copied);
    }

    /**
     * Generic data that maps the decimal logical type to BigDecimal, as the generated code does.
     */
    private static GenericData decimals() {
        GenericData model = new GenericData();
        model.addLogicalTypeConversion(new Conversions.DecimalConversion());
        return model;
    }

    private static GenericRecord oldSettlement() {
        GenericData.Record r = new GenericData.Record(OLD);
        r.put("setl_id", "S1");
        r.put("psn_no", "P001");
        r.put("setl_time", "2025-03-01 10:00:00");
        r.put("medfee_sumamt", new BigDecimal("20000.00"));
        r.put("fund_pay_sumamt", new BigDecimal("7654.33"));
        r.put("psn_part_amt", new BigDecimal("12345.67"));
        r.put("refd_setl_flag", "0");
        r.put("insu_admdvs", "371525");
        r.put("dise_codg", "C34.900");
        return r;
    }

    @Test
    void oldSchemaDiffersOnlyByTheLastField() {
        assertThat(OLD.getFields()).hasSize(CURRENT.getFields().size() - 1);
        assertThat(OLD.getField("dise_name")).isNull();
        assertThat(OLD.getFullName()).isEqualTo("org.medwarn.avro.Settlement");
        assertThat(fingerprint(OLD)).isNotEqualTo(fingerprint(CURRENT));
    }

    private static long fingerprint(Schema s) {
        return org.apache.avro.SchemaNormalization.parsingFingerprint64(s);
    }

    @Test
    void recordOfTheOldWriterIsDecodedByTheCurrentClass() throws Exception {
        ByteBuffer bytes =
                new BinaryMessageEncoder<GenericRecord>(decimals(), OLD).encode(oldSettlement());

        SchemaStore.Cache store = new SchemaStore.Cache();
        BinaryMessageDecoder<Settlement> decoder = Settlement.createDecoder(store);
        assertThatThrownBy(() -> decoder.decode(bytes.duplicate()))
                .as("an unregistered writer schema is recognised as unknown")
                .isInstanceOf(MissingSchemaException.class);

        store.addSchema(OLD);
        Settlement s = decoder.decode(bytes.duplicate());
        assertThat(s.getSetlId()).isEqualTo("S1");
        assertThat(s.getPsnNo()).isEqualTo("P001");
        assertThat(s.getSetlTime()).isEqualTo("2025-03-01 10:00:00");
        assertThat(s.getMedfeeSumamt()).isEqualTo(new BigDecimal("20000.00"));
        assertThat(s.getFundPaySumamt()).isEqualTo(new BigDecimal("7654.33"));
        assertThat(s.getPsnPartAmt()).isEqualTo(new BigDecimal("12345.67"));
        assertThat(s.getInsuAdmdvs()).isEqualTo("371525");
        assertThat(s.getDiseCodg()).isEqualTo("C34.900");
        assertThat(s.getDiseName()).isNull();
        assertThat(s.getFulamtOwnpayAmt()).isNull();
    }

    @Test
    void currentRecordsStillDecodeWithTheOldSchemaRegistered() throws Exception {
        SchemaStore.Cache store = new SchemaStore.Cache();
        store.addSchema(OLD);
        Settlement current =
                Settlement.newBuilder()
                        .setSetlId("S2")
                        .setPsnPartAmt(new BigDecimal("1.00"))
                        .setDiseName("肺恶性肿瘤")
                        .build();
        assertThat(Settlement.createDecoder(store).decode(current.toByteBuffer()))
                .isEqualTo(current);
    }

    @Test
    void compatibleBothWays() {
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(CURRENT, OLD).getType())
                .as("new reader, old writer")
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(OLD, CURRENT).getType())
                .as("old reader, new writer")
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @Test
    void oldReaderIgnoresTheNewField() throws Exception {
        Settlement current =
                Settlement.newBuilder()
                        .setSetlId("S3")
                        .setPsnNo("P001")
                        .setPsnPartAmt(new BigDecimal("300.00"))
                        .setDiseCodg("N18.500")
                        .setDiseName("慢性肾脏病5期")
                        .build();
        SchemaStore.Cache store = new SchemaStore.Cache();
        store.addSchema(CURRENT);
        BinaryMessageDecoder<GenericRecord> oldReader =
                new BinaryMessageDecoder<>(decimals(), OLD, store);
        GenericRecord read = oldReader.decode(current.toByteBuffer());
        assertThat(read.getSchema()).isEqualTo(OLD);
        assertThat(read.getSchema().getField("dise_name")).isNull();
        assertThat(read.get("setl_id")).hasToString("S3");
        assertThat(read.get("dise_codg")).hasToString("N18.500");
        assertThat(read.get("psn_part_amt")).isEqualTo(new BigDecimal("300.00"));
    }

    @Test
    void everyFieldOfTheInputSchemasHasADefault() {
        for (Schema schema : List.of(Settlement.getClassSchema(), PersonRecord.getClassSchema())) {
            for (Schema.Field f : schema.getFields()) {
                assertThat(f.hasDefaultValue()).as(schema.getName() + "." + f.name()).isTrue();
            }
        }
    }

    /** The Warning schema before POLICY_CHANGE and ROLLING_WINDOW were added to Trigger. */
    private static Schema warningWithOldTriggers() {
        String json =
                Warning.getClassSchema()
                        .toString()
                        .replace(",\"POLICY_CHANGE\",\"ROLLING_WINDOW\"", "");
        assertThat(json).doesNotContain("POLICY_CHANGE");
        return new Schema.Parser().parse(json);
    }

    @Test
    void newTriggerSymbolsAreReadAsTheDefaultByOldReaders() throws Exception {
        Schema old = warningWithOldTriggers();
        assertThat(
                        SchemaCompatibility.checkReaderWriterCompatibility(
                                        old, Warning.getClassSchema())
                                .getType())
                .as("old reader, new writer")
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(
                        SchemaCompatibility.checkReaderWriterCompatibility(
                                        Warning.getClassSchema(), old)
                                .getType())
                .as("new reader, old writer")
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        Warning w =
                Warning.newBuilder()
                        .setPsnNo("P001")
                        .setYear(2025)
                        .setSequence(1)
                        .setCategory(Category.ASSISTED)
                        .setFromLevel(Level.NONE)
                        .setToLevel(Level.BLUE)
                        .setAnnualSelfPay(new BigDecimal("25000.00"))
                        .setTrigger(Trigger.POLICY_CHANGE)
                        .setEventTime(java.time.Instant.ofEpochMilli(0))
                        .setPolicyVersion("blue-20000")
                        .setCountyCode("371525")
                        .build();
        SchemaStore.Cache store = new SchemaStore.Cache();
        store.addSchema(Warning.getClassSchema());
        GenericRecord read =
                new BinaryMessageDecoder<GenericRecord>(decimals(), old, store)
                        .decode(w.toByteBuffer());
        assertThat(read.get("trigger")).hasToString("SETTLEMENT");
    }
}

package org.medwarn.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medwarn.avro.Category;
import org.medwarn.avro.DeadLetter;
import org.medwarn.avro.Level;
import org.medwarn.avro.PersonRecord;
import org.medwarn.avro.Settlement;
import org.medwarn.avro.Trigger;
import org.medwarn.avro.Warning;
import org.medwarn.time.ChinaTime;

/** JSON Lines reading (reason codes) and writing (amounts, times). */
class JsonLinesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Settlement settlement(String json) throws RejectedInputException {
        return JsonLines.read(bytes(json), new Settlement());
    }

    private static void rejected(String json, DeadLetterReason reason, String... messageParts) {
        assertThatThrownBy(() -> settlement(json))
                .isInstanceOfSatisfying(
                        RejectedInputException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .satisfies(e -> assertThat(e.getMessage()).contains(List.of(messageParts)));
    }

    @Test
    void readsSettlementWithAmountsAsNumbersOrStrings() throws Exception {
        Settlement s =
                settlement(
                        "{\"setl_id\":\"S1\",\"psn_no\":\"P001\",\"setl_time\":\"2025-03-01"
                                + " 10:00:00\",\"medfee_sumamt\":1000,\"fund_pay_sumamt\":\"700.5\","
                                + "\"psn_part_amt\":299.50,\"fulamt_ownpay_amt\":0.1,"
                                + "\"refd_setl_flag\":\"0\",\"insu_admdvs\":\"371525\","
                                + "\"dise_name\":null,\"some_future_field\":42}");
        assertThat(s.getSetlId()).isEqualTo("S1");
        assertThat(s.getMedfeeSumamt()).isEqualTo(new BigDecimal("1000.00"));
        assertThat(s.getFundPaySumamt()).isEqualTo(new BigDecimal("700.50"));
        assertThat(s.getPsnPartAmt()).isEqualTo(new BigDecimal("299.50"));
        assertThat(s.getFulamtOwnpayAmt()).isEqualTo(new BigDecimal("0.10"));
        assertThat(s.getDiseName()).isNull();
        MonitoringEvent e = InputValidator.settlement(s);
        assertThat(e.psnPartCents).isEqualTo(29_950L);
        assertThat(e.fulamtOwnpayCents).isEqualTo(10L);
    }

    @Test
    void readsANumericPsnNoAsText() throws Exception {
        assertThat(settlement("{\"psn_no\":37152500012}").getPsnNo()).isEqualTo("37152500012");
    }

    @Test
    void badAmountWithThreeDecimals() {
        rejected(
                "{\"psn_part_amt\":\"12.345\"}",
                DeadLetterReason.BAD_AMOUNT,
                "psn_part_amt",
                "12.345");
        rejected(
                "{\"psn_part_amt\":12.345}", DeadLetterReason.BAD_AMOUNT, "psn_part_amt", "12.345");
    }

    @Test
    void badAmountNotANumber() {
        rejected(
                "{\"medfee_sumamt\":\"12,00\"}",
                DeadLetterReason.BAD_AMOUNT,
                "medfee_sumamt",
                "12,00");
        rejected("{\"psn_part_amt\":\"abc\"}", DeadLetterReason.BAD_AMOUNT, "psn_part_amt", "abc");
        rejected("{\"psn_part_amt\":true}", DeadLetterReason.BAD_AMOUNT, "psn_part_amt", "true");
    }

    @Test
    void notJson() {
        rejected("setl_id=S1", DeadLetterReason.NOT_JSON, "not a JSON object");
        rejected("{\"setl_id\":\"S1\"", DeadLetterReason.NOT_JSON, "not a JSON object");
        rejected("[1,2]", DeadLetterReason.NOT_JSON, "not a JSON object");
        rejected("\"S1\"", DeadLetterReason.NOT_JSON, "not a JSON object");
        rejected("", DeadLetterReason.NOT_JSON, "not a JSON object");
    }

    @Test
    void badCategory() {
        assertThatThrownBy(
                        () ->
                                JsonLines.read(
                                        bytes("{\"psn_no\":\"P1\",\"category\":\"POOR\"}"),
                                        new PersonRecord()))
                .isInstanceOfSatisfying(
                        RejectedInputException.class,
                        e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.BAD_CATEGORY))
                .hasMessageContainingAll("category", "POOR");
    }

    @Test
    void readsPerson() throws Exception {
        PersonRecord p =
                JsonLines.read(
                        bytes(
                                "{\"psn_no\":\"P1\",\"category\":\"ASSISTED\",\"identity\":\"特困人员\","
                                        + "\"admdvs\":\"371525101203\","
                                        + "\"effective_from\":\"2025-01-01\"}"),
                        new PersonRecord());
        assertThat(p.getCategory()).isEqualTo(Category.ASSISTED);
        assertThat(p.getIdentity()).isEqualTo("特困人员");
        assertThat(p.getEffectiveFrom()).isEqualTo("2025-01-01");
    }

    @Test
    void writesWarningWithTwoDecimalAmountsAndChinaTime() throws Exception {
        Warning w =
                Warning.newBuilder()
                        .setPsnNo("P001")
                        .setYear(2025)
                        .setSequence(1)
                        .setCategory(Category.ASSISTED)
                        .setIdentity("低保对象")
                        .setFromLevel(Level.NONE)
                        .setToLevel(Level.BLUE)
                        .setAnnualSelfPay(new BigDecimal("30000.00"))
                        .setThreshold(new BigDecimal("30000.00"))
                        .setTrigger(Trigger.SETTLEMENT)
                        .setSetlId("S1")
                        // 2026-01-01 07:00:00 China time = 2025-12-31 23:00 UTC
                        .setEventTime(Instant.parse("2025-12-31T23:00:00Z"))
                        .setPolicyVersion("default-2022")
                        .setCountyCode("371525")
                        .setTownshipCode("371525101")
                        .setVillageCode(null)
                        .setRegistryMissing(false)
                        .build();
        String line = JsonLines.write(w);
        assertThat(line).doesNotContain("\n");
        JsonNode n = JSON.readTree(line);
        assertThat(n.get("annual_self_pay").isTextual()).isTrue();
        assertThat(n.get("annual_self_pay").asText()).isEqualTo("30000.00");
        assertThat(n.get("threshold").asText()).isEqualTo("30000.00");
        assertThat(n.get("event_time").asText()).isEqualTo("2026-01-01 07:00:00");
        assertThat(n.get("year").isInt()).isTrue();
        assertThat(n.get("year").asInt()).isEqualTo(2025);
        assertThat(n.get("from_level").asText()).isEqualTo("NONE");
        assertThat(n.get("to_level").asText()).isEqualTo("BLUE");
        assertThat(n.get("trigger").asText()).isEqualTo("SETTLEMENT");
        assertThat(n.get("identity").asText()).isEqualTo("低保对象");
        assertThat(n.get("village_code").isNull()).isTrue();
        assertThat(n.get("registry_missing").isBoolean()).isTrue();
        assertThat(n.get("registry_missing").asBoolean()).isFalse();
    }

    @Test
    void writesWholeAndOneDecimalAmountsWithTwoDecimals() throws Exception {
        Warning w =
                Warning.newBuilder()
                        .setPsnNo("P001")
                        .setYear(2025)
                        .setSequence(2)
                        .setCategory(Category.ORDINARY)
                        .setFromLevel(Level.YELLOW)
                        .setToLevel(Level.NONE)
                        .setAnnualSelfPay(BigDecimal.valueOf(5))
                        .setThreshold(null)
                        .setTrigger(Trigger.REVERSAL)
                        .setEventTime(Instant.ofEpochMilli(ChinaTime.parse("2025-03-01 10:00:00")))
                        .setPolicyVersion("p")
                        .setCountyCode("371525")
                        .build();
        JsonNode n = JSON.readTree(JsonLines.write(w));
        assertThat(n.get("annual_self_pay").asText()).isEqualTo("5.00");
        assertThat(n.get("threshold").isNull()).isTrue();
        assertThat(n.get("event_time").asText()).isEqualTo("2025-03-01 10:00:00");
    }

    @Test
    void writesDeadLetterRawBytesAsText() throws Exception {
        DeadLetter d =
                DeadLetter.newBuilder()
                        .setReason("NOT_JSON")
                        .setDetail("not a JSON object")
                        .setSource("settlements.jsonl")
                        .setOffset(7L)
                        .setEventTime(null)
                        .setRaw(ByteBuffer.wrap(bytes("setl_id=S1")))
                        .build();
        JsonNode n = JSON.readTree(JsonLines.write(d));
        assertThat(n.get("raw").asText()).isEqualTo("setl_id=S1");
        assertThat(n.get("offset").asLong()).isEqualTo(7L);
        assertThat(n.get("partition").isNull()).isTrue();
        assertThat(n.get("event_time").isNull()).isTrue();
    }

    @Test
    void writtenSettlementReadsBackEqual() throws Exception {
        Settlement s =
                Settlement.newBuilder()
                        .setSetlId("S1")
                        .setPsnNo("P001")
                        .setSetlTime("2025-03-01 10:00:00")
                        .setPsnPartAmt(new BigDecimal("12345.67"))
                        .setFulamtOwnpayAmt(new BigDecimal("0.50"))
                        .setInsuAdmdvs("371525")
                        .setDiseName("肺恶性肿瘤")
                        .build();
        Settlement back = JsonLines.read(bytes(JsonLines.write(s)), new Settlement());
        assertThat(back).isEqualTo(s);
    }
}

package org.medwarn.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medwarn.avro.Category;
import org.medwarn.avro.PersonRecord;
import org.medwarn.avro.Settlement;
import org.medwarn.time.ChinaTime;

/** Every reason code of {@link InputValidator}; each message names the field and the value. */
class InputValidatorTest {

    /** A valid settlement: 1000.00 cost, 700.00 funds, 300.00 self-pay. */
    static Settlement.Builder valid() {
        return Settlement.newBuilder()
                .setSetlId("S1")
                .setPsnNo("P001")
                .setSetlTime("2025-03-01 10:00:00")
                .setMedfeeSumamt(yuan("1000.00"))
                .setFundPaySumamt(yuan("700.00"))
                .setPsnPartAmt(yuan("300.00"))
                .setFulamtOwnpayAmt(yuan("50.00"))
                .setRefdSetlFlag("0")
                .setInsuAdmdvs("371525");
    }

    static PersonRecord.Builder validPerson() {
        return PersonRecord.newBuilder()
                .setPsnNo("P001")
                .setCategory(Category.ASSISTED)
                .setIdentity("低保对象")
                .setAdmdvs("371525101203")
                .setEffectiveFrom("2025-01-01");
    }

    static BigDecimal yuan(String s) {
        return new BigDecimal(s);
    }

    private static void rejected(
            Settlement.Builder s, DeadLetterReason reason, String... messageParts) {
        assertThatThrownBy(() -> InputValidator.settlement(s.build()))
                .isInstanceOfSatisfying(
                        RejectedInputException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .satisfies(e -> assertThat(e.getMessage()).contains(List.of(messageParts)));
    }

    private static void rejected(
            PersonRecord.Builder p, DeadLetterReason reason, String... messageParts) {
        assertThatThrownBy(() -> InputValidator.person(p.build()))
                .isInstanceOfSatisfying(
                        RejectedInputException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .satisfies(e -> assertThat(e.getMessage()).contains(List.of(messageParts)));
    }

    @Test
    void validSettlementBecomesAnEvent() throws Exception {
        MonitoringEvent e = InputValidator.settlement(valid().build());
        assertThat(e.type).isEqualTo(MonitoringEvent.Type.SETTLEMENT);
        assertThat(e.setlId).isEqualTo("S1");
        assertThat(e.psnNo).isEqualTo("P001");
        assertThat(e.eventTime).isEqualTo(ChinaTime.parse("2025-03-01 10:00:00"));
        assertThat(e.psnPartCents).isEqualTo(30_000L);
        assertThat(e.fulamtOwnpayCents).isEqualTo(5_000L);
        assertThat(e.insuAdmdvs).isEqualTo("371525");
        assertThat(e.initSetlId).isNull();
        assertThat(e.isReversal()).isFalse();
    }

    @Test
    void absentFlagAndAbsentTotalsAreAccepted() throws Exception {
        MonitoringEvent e =
                InputValidator.settlement(
                        valid().setRefdSetlFlag(null)
                                .setMedfeeSumamt(null)
                                .setFulamtOwnpayAmt(null)
                                .build());
        assertThat(e.psnPartCents).isEqualTo(30_000L);
        assertThat(e.fulamtOwnpayCents).isZero();
    }

    @Test
    void fingerprintDependsOnCountedContentOnly() throws Exception {
        long a = InputValidator.settlement(valid().build()).fingerprint;
        long sameCounted =
                InputValidator.settlement(valid().setFixmedinsName("another name").build())
                        .fingerprint;
        long otherAmount =
                InputValidator.settlement(
                                valid().setPsnPartAmt(yuan("300.01")).setMedfeeSumamt(null).build())
                        .fingerprint;
        long otherTime =
                InputValidator.settlement(valid().setSetlTime("2025-03-01 10:00:01").build())
                        .fingerprint;
        assertThat(sameCounted).isEqualTo(a);
        assertThat(otherAmount).isNotEqualTo(a);
        assertThat(otherTime).isNotEqualTo(a);
    }

    @Test
    void missingPsnNo() {
        rejected(valid().setPsnNo(null), DeadLetterReason.MISSING_FIELD, "psn_no");
        rejected(valid().setPsnNo("  "), DeadLetterReason.MISSING_FIELD, "psn_no");
    }

    @Test
    void missingSetlId() {
        rejected(valid().setSetlId(null), DeadLetterReason.MISSING_FIELD, "setl_id");
        rejected(valid().setSetlId(""), DeadLetterReason.MISSING_FIELD, "setl_id");
    }

    @Test
    void missingOtherRequiredFields() {
        rejected(valid().setSetlTime(null), DeadLetterReason.MISSING_FIELD, "setl_time");
        rejected(valid().setPsnPartAmt(null), DeadLetterReason.MISSING_FIELD, "psn_part_amt");
        rejected(valid().setInsuAdmdvs(null), DeadLetterReason.MISSING_FIELD, "insu_admdvs");
        rejected(
                valid().setRefdSetlFlag("1").setInitSetlId(null),
                DeadLetterReason.MISSING_FIELD,
                "init_setl_id");
    }

    @Test
    void badTime() {
        rejected(
                valid().setSetlTime("2025-03-01T10:00:00"),
                DeadLetterReason.BAD_TIME,
                "setl_time",
                "2025-03-01T10:00:00");
        rejected(
                valid().setSetlTime("2025-02-30 10:00:00"),
                DeadLetterReason.BAD_TIME,
                "setl_time",
                "2025-02-30 10:00:00");
    }

    @Test
    void badAmountWithThreeDecimals() {
        rejected(
                valid().setPsnPartAmt(yuan("300.001")).setMedfeeSumamt(null),
                DeadLetterReason.BAD_AMOUNT,
                "psn_part_amt",
                "300.001");
        rejected(
                valid().setFulamtOwnpayAmt(yuan("0.125")),
                DeadLetterReason.BAD_AMOUNT,
                "fulamt_ownpay_amt",
                "0.125");
        rejected(
                valid().setMedfeeSumamt(yuan("1000.005")),
                DeadLetterReason.BAD_AMOUNT,
                "medfee_sumamt",
                "1000.005");
    }

    @Test
    void trailingZerosBeyondTwoDecimalsAreExact() throws Exception {
        assertThat(
                        InputValidator.settlement(valid().setPsnPartAmt(yuan("300.000")).build())
                                .psnPartCents)
                .isEqualTo(30_000L);
    }

    @Test
    void badAmountOutOfRange() {
        rejected(
                valid().setPsnPartAmt(yuan("100000000000000.00")).setMedfeeSumamt(null),
                DeadLetterReason.BAD_AMOUNT,
                "psn_part_amt",
                "100000000000000.00");
    }

    @Test
    void amountMismatchBeyondOneCent() {
        rejected(
                valid().setPsnPartAmt(yuan("300.02")),
                DeadLetterReason.AMOUNT_MISMATCH,
                "psn_part_amt",
                "300.02",
                "300.00");
        rejected(
                valid().setPsnPartAmt(yuan("299.98")),
                DeadLetterReason.AMOUNT_MISMATCH,
                "psn_part_amt",
                "299.98",
                "300.00");
    }

    @Test
    void amountDifferingByExactlyOneCentIsAccepted() throws Exception {
        assertThat(
                        InputValidator.settlement(valid().setPsnPartAmt(yuan("300.01")).build())
                                .psnPartCents)
                .isEqualTo(30_001L);
        assertThat(
                        InputValidator.settlement(valid().setPsnPartAmt(yuan("299.99")).build())
                                .psnPartCents)
                .isEqualTo(29_999L);
    }

    @Test
    void negativeWithoutReversal() {
        rejected(
                valid().setPsnPartAmt(yuan("-300.00")).setMedfeeSumamt(null),
                DeadLetterReason.NEGATIVE_WITHOUT_REVERSAL,
                "psn_part_amt",
                "-300.00");
        rejected(
                valid().setRefdSetlFlag(null).setPsnPartAmt(yuan("-0.01")).setMedfeeSumamt(null),
                DeadLetterReason.NEGATIVE_WITHOUT_REVERSAL,
                "-0.01");
    }

    @Test
    void reversalWithNegativeAmounts() throws Exception {
        MonitoringEvent e =
                InputValidator.settlement(
                        valid().setSetlId("R1")
                                .setRefdSetlFlag("1")
                                .setInitSetlId("S1")
                                .setMedfeeSumamt(yuan("-1000.00"))
                                .setFundPaySumamt(yuan("-700.00"))
                                .setPsnPartAmt(yuan("-300.00"))
                                .setFulamtOwnpayAmt(yuan("-50.00"))
                                .build());
        assertThat(e.isReversal()).isTrue();
        assertThat(e.initSetlId).isEqualTo("S1");
        assertThat(e.psnPartCents).isEqualTo(-30_000L);
    }

    @Test
    void badReversalFlag() {
        rejected(
                valid().setRefdSetlFlag("2"),
                DeadLetterReason.BAD_REVERSAL,
                "refd_setl_flag",
                "'2'");
    }

    @Test
    void badReversalOfItself() {
        rejected(
                valid().setRefdSetlFlag("1").setInitSetlId("S1"),
                DeadLetterReason.BAD_REVERSAL,
                "init_setl_id",
                "'S1'");
    }

    @Test
    void badRegionOfSettlement() {
        rejected(
                valid().setInsuAdmdvs("37152"),
                DeadLetterReason.BAD_REGION,
                "insu_admdvs",
                "'37152'");
        rejected(
                valid().setInsuAdmdvs("37152A"),
                DeadLetterReason.BAD_REGION,
                "insu_admdvs",
                "'37152A'");
        rejected(
                valid().setInsuAdmdvs("371525101"),
                DeadLetterReason.BAD_REGION,
                "insu_admdvs",
                "'371525101'");
    }

    @Test
    void validPersonBecomesARegistryEvent() throws Exception {
        MonitoringEvent e = InputValidator.person(validPerson().build());
        assertThat(e.type).isEqualTo(MonitoringEvent.Type.REGISTRY);
        assertThat(e.psnNo).isEqualTo("P001");
        assertThat(e.category).isEqualTo(Category.ASSISTED);
        assertThat(e.identity).isEqualTo("低保对象");
        assertThat(e.admdvs).isEqualTo("371525101203");
        assertThat(e.eventTime).isEqualTo(ChinaTime.parse("2025-01-01 00:00:00"));
    }

    @Test
    void badRegionOfPerson() {
        rejected(
                validPerson().setAdmdvs("371525101"),
                DeadLetterReason.BAD_REGION,
                "admdvs",
                "'371525101'");
        rejected(
                validPerson().setAdmdvs("3715251012O3"),
                DeadLetterReason.BAD_REGION,
                "admdvs",
                "'3715251012O3'");
    }

    @Test
    void regionCodesStartWithAProvince() throws Exception {
        rejected(
                validPerson().setAdmdvs("001525101203"),
                DeadLetterReason.BAD_REGION,
                "admdvs",
                "'001525101203'",
                "province");
        rejected(
                valid().setInsuAdmdvs("991525"),
                DeadLetterReason.BAD_REGION,
                "insu_admdvs",
                "'991525'");
        assertThat(InputValidator.person(validPerson().setAdmdvs("820000000000").build()).admdvs)
                .isEqualTo("820000000000");
    }

    @Test
    void badCategory() {
        rejected(validPerson().setCategory(null), DeadLetterReason.BAD_CATEGORY, "category");
    }

    @Test
    void personMissingFields() {
        rejected(validPerson().setPsnNo(null), DeadLetterReason.MISSING_FIELD, "psn_no");
        rejected(validPerson().setAdmdvs(null), DeadLetterReason.MISSING_FIELD, "admdvs");
        rejected(
                validPerson().setEffectiveFrom(null),
                DeadLetterReason.MISSING_FIELD,
                "effective_from");
        rejected(
                validPerson().setEffectiveFrom("2025/01/01"),
                DeadLetterReason.BAD_TIME,
                "effective_from",
                "2025/01/01");
    }
}

package org.medwarn.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.medwarn.avro.Settlement;
import org.medwarn.time.ChinaTime;

/**
 * Properties of the settlement validator ({@link InputValidator#settlement}): every well-formed
 * settlement or reversal passes with its exact cents, and each kind of mutation of a well-formed
 * settlement is rejected with its own reason, whatever the other fields hold.
 */
class InputValidatorPropertyTest {
    private static final long START = ChinaTime.parse("2020-01-01 00:00:00");
    private static final long END = ChinaTime.parse("2030-12-31 23:59:59");

    /** What a generated well-formed settlement is made of (amounts in cents). */
    record Valid(
            String setlId,
            String psnNo,
            long time,
            long medfee,
            long fund,
            int centsOff,
            long fulamt,
            boolean reversal,
            String insuAdmdvs) {

        /** {@code psn_part_amt}: medfee − fund, within 1 分 as the rule allows. */
        long psnPart() {
            return medfee - fund + centsOff;
        }

        Settlement.Builder build() {
            long sign = reversal ? -1 : 1;
            return Settlement.newBuilder()
                    .setSetlId(setlId)
                    .setPsnNo(psnNo)
                    .setSetlTime(ChinaTime.format(time))
                    .setMedfeeSumamt(yuan(sign * medfee))
                    .setFundPaySumamt(yuan(sign * fund))
                    .setPsnPartAmt(yuan(sign * psnPart()))
                    .setFulamtOwnpayAmt(yuan(sign * fulamt))
                    .setRefdSetlFlag(reversal ? "1" : "0")
                    .setInitSetlId(reversal ? "I" + setlId : null)
                    .setInsuAdmdvs(insuAdmdvs);
        }
    }

    static BigDecimal yuan(long cents) {
        return BigDecimal.valueOf(cents, 2);
    }

    @Provide
    Arbitrary<Valid> valid() {
        Arbitrary<String> ids =
                Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(20);
        Arbitrary<Long> times =
                Arbitraries.longs().between(START / 1000, END / 1000).map(s -> s * 1000);
        Arbitrary<Long> medfees = Arbitraries.longs().between(1, 9_999_999_999L);
        Arbitrary<String> regions =
                Combinators.combine(
                                Arbitraries.of("11", "31", "37", "44", "65", "82"),
                                Arbitraries.strings().numeric().ofLength(4))
                        .as(String::concat);
        return Combinators.combine(
                        ids,
                        ids,
                        times,
                        medfees,
                        Arbitraries.doubles().between(0, 1),
                        Arbitraries.integers().between(-1, 1),
                        Arbitraries.doubles().between(0, 1),
                        Arbitraries.of(false, true))
                .flatAs(
                        (setl, psn, time, medfee, fundShare, off, fulShare, reversal) -> {
                            long fund = Math.min(medfee - 1, (long) (medfee * fundShare));
                            long part = medfee - fund + off;
                            long fulamt = (long) (part * fulShare);
                            return regions.map(
                                    r ->
                                            new Valid(
                                                    setl, psn, time, medfee, fund, off, fulamt,
                                                    reversal, r));
                        });
    }

    @Property(tries = 200)
    void everyWellFormedSettlementPassesWithItsExactCents(@ForAll("valid") Valid v)
            throws Exception {
        MonitoringEvent e = InputValidator.settlement(v.build().build());
        long sign = v.reversal() ? -1 : 1;
        assertThat(e.setlId).isEqualTo(v.setlId());
        assertThat(e.psnNo).isEqualTo(v.psnNo());
        assertThat(e.eventTime).isEqualTo(v.time());
        assertThat(e.psnPartCents).isEqualTo(sign * v.psnPart());
        assertThat(e.fulamtOwnpayCents).isEqualTo(sign * v.fulamt());
        assertThat(e.isReversal()).isEqualTo(v.reversal());
        assertThat(e.insuAdmdvs).isEqualTo(v.insuAdmdvs());
    }

    /**
     * One way to break a well-formed normal settlement, and the reason it must be rejected with.
     */
    enum Mutation {
        NO_SETL_ID(DeadLetterReason.MISSING_FIELD, b -> b.setSetlId(null)),
        BLANK_PSN_NO(DeadLetterReason.MISSING_FIELD, b -> b.setPsnNo(" ")),
        NO_SETL_TIME(DeadLetterReason.MISSING_FIELD, b -> b.setSetlTime(null)),
        NO_PSN_PART(DeadLetterReason.MISSING_FIELD, b -> b.setPsnPartAmt(null)),
        ISO_TIME(DeadLetterReason.BAD_TIME, b -> b.setSetlTime(b.getSetlTime().replace(' ', 'T'))),
        NO_SUCH_DAY(
                DeadLetterReason.BAD_TIME,
                b -> b.setSetlTime("2025-02-30" + b.getSetlTime().substring(10))),
        THIRD_DECIMAL(
                DeadLetterReason.BAD_AMOUNT,
                b -> b.setPsnPartAmt(b.getPsnPartAmt().add(new BigDecimal("0.005")))),
        OVERFLOW(
                DeadLetterReason.BAD_AMOUNT,
                b -> b.setMedfeeSumamt(new BigDecimal("100000000000000.00"))),
        TWO_CENTS_OFF(
                DeadLetterReason.AMOUNT_MISMATCH,
                b ->
                        b.setPsnPartAmt(
                                b.getMedfeeSumamt()
                                        .subtract(b.getFundPaySumamt())
                                        .add(new BigDecimal("0.02")))),
        NEGATIVE(
                DeadLetterReason.NEGATIVE_WITHOUT_REVERSAL,
                b ->
                        b.setPsnPartAmt(b.getPsnPartAmt().negate().subtract(new BigDecimal("0.01")))
                                .setMedfeeSumamt(null)),
        FLAG_TWO(DeadLetterReason.BAD_REVERSAL, b -> b.setRefdSetlFlag("2")),
        REVERSES_ITSELF(
                DeadLetterReason.BAD_REVERSAL,
                b -> b.setRefdSetlFlag("1").setInitSetlId(b.getSetlId())),
        COUNTY_OF_NO_PROVINCE(
                DeadLetterReason.BAD_REGION,
                b -> b.setInsuAdmdvs("00" + b.getInsuAdmdvs().substring(2))),
        SHORT_COUNTY(
                DeadLetterReason.BAD_REGION, b -> b.setInsuAdmdvs(b.getInsuAdmdvs().substring(1)));

        final DeadLetterReason reason;
        final UnaryOperator<Settlement.Builder> apply;

        Mutation(DeadLetterReason reason, UnaryOperator<Settlement.Builder> apply) {
            this.reason = reason;
            this.apply = apply;
        }
    }

    @Property(tries = 400)
    void eachMutationIsRejectedWithItsReason(@ForAll("valid") Valid v, @ForAll Mutation mutation) {
        Settlement.Builder normal =
                new Valid(
                                v.setlId(),
                                v.psnNo(),
                                v.time(),
                                v.medfee(),
                                v.fund(),
                                v.centsOff(),
                                v.fulamt(),
                                false,
                                v.insuAdmdvs())
                        .build();
        Settlement broken = mutation.apply.apply(normal).build();
        assertThatThrownBy(() -> InputValidator.settlement(broken))
                .isInstanceOfSatisfying(
                        RejectedInputException.class,
                        e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(mutation.reason));
    }
}

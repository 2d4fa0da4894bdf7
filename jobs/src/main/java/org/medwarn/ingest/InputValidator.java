package org.medwarn.ingest;

import java.math.BigDecimal;
import org.medwarn.avro.PersonRecord;
import org.medwarn.avro.Settlement;
import org.medwarn.policy.Money;
import org.medwarn.time.ChinaTime;

/**
 * Checks decoded records against the rules of DOMAIN.md §4 and reduces them to {@link
 * MonitoringEvent}s. Pure: no Flink, no I/O. Every rejection names the field and the value.
 *
 * <p>Settlement contract: {@code setl_id}, {@code psn_no}, {@code setl_time} and {@code
 * psn_part_amt} are required; {@code insu_admdvs} is 6 digits starting with a province code;
 * amounts are exact to the cent; a normal row ({@code refd_setl_flag} absent or 0) has a
 * non-negative {@code psn_part_amt}; a reversal ({@code refd_setl_flag} = 1) names another {@code
 * init_setl_id}; when {@code medfee_sumamt} and {@code fund_pay_sumamt} are both present, {@code
 * psn_part_amt} equals their difference within 1 分.
 *
 * <p>Registry contract: {@code psn_no}, {@code category} and {@code effective_from} are required;
 * {@code admdvs} is a 12-digit village code starting with a province code (GB/T 2260).
 */
public final class InputValidator {
    private InputValidator() {}

    public static MonitoringEvent settlement(Settlement s) throws RejectedInputException {
        MonitoringEvent e = new MonitoringEvent();
        e.type = MonitoringEvent.Type.SETTLEMENT;
        e.setlId = required(s.getSetlId(), "setl_id");
        e.psnNo = required(s.getPsnNo(), "psn_no");
        e.eventTime = time(required(s.getSetlTime(), "setl_time"), "setl_time");
        e.insuAdmdvs = required(s.getInsuAdmdvs(), "insu_admdvs");
        if (!region(e.insuAdmdvs, 6)) {
            throw new RejectedInputException(
                    DeadLetterReason.BAD_REGION,
                    "insu_admdvs: '"
                            + e.insuAdmdvs
                            + "' is not a 6-digit admdvs code of a province");
        }
        if (s.getPsnPartAmt() == null) {
            throw missing("psn_part_amt");
        }
        e.psnPartCents = cents(s.getPsnPartAmt(), "psn_part_amt");
        e.fulamtOwnpayCents =
                s.getFulamtOwnpayAmt() == null
                        ? 0
                        : cents(s.getFulamtOwnpayAmt(), "fulamt_ownpay_amt");
        String flag = s.getRefdSetlFlag();
        if (flag == null || flag.equals("0")) {
            if (e.psnPartCents < 0) {
                throw new RejectedInputException(
                        DeadLetterReason.NEGATIVE_WITHOUT_REVERSAL,
                        "psn_part_amt: "
                                + s.getPsnPartAmt().toPlainString()
                                + " is negative but refd_setl_flag is not 1");
            }
        } else if (flag.equals("1")) {
            e.initSetlId = required(s.getInitSetlId(), "init_setl_id");
            if (e.initSetlId.equals(e.setlId)) {
                throw new RejectedInputException(
                        DeadLetterReason.BAD_REVERSAL,
                        "init_setl_id: '" + e.initSetlId + "' is the reversal's own setl_id");
            }
        } else {
            throw new RejectedInputException(
                    DeadLetterReason.BAD_REVERSAL,
                    "refd_setl_flag: '" + flag + "' is neither 0 nor 1");
        }
        if (s.getMedfeeSumamt() != null && s.getFundPaySumamt() != null) {
            long expected =
                    cents(s.getMedfeeSumamt(), "medfee_sumamt")
                            - cents(s.getFundPaySumamt(), "fund_pay_sumamt");
            if (Math.abs(expected - e.psnPartCents) > 1) {
                throw new RejectedInputException(
                        DeadLetterReason.AMOUNT_MISMATCH,
                        "psn_part_amt: "
                                + Money.format(e.psnPartCents)
                                + " differs from medfee_sumamt - fund_pay_sumamt = "
                                + Money.format(expected));
            }
        }
        e.fingerprint = fingerprint(e);
        return e;
    }

    public static MonitoringEvent person(PersonRecord p) throws RejectedInputException {
        MonitoringEvent e = new MonitoringEvent();
        e.type = MonitoringEvent.Type.REGISTRY;
        e.psnNo = required(p.getPsnNo(), "psn_no");
        if (p.getCategory() == null) {
            throw new RejectedInputException(
                    DeadLetterReason.BAD_CATEGORY, "category: is missing (ASSISTED or ORDINARY)");
        }
        e.category = p.getCategory();
        e.identity = p.getIdentity();
        e.psnNameMasked = PersonalDataMask.name(p.getPsnName());
        e.certnoMasked = PersonalDataMask.certno(p.getCertno());
        e.admdvs = required(p.getAdmdvs(), "admdvs");
        if (!region(e.admdvs, 12)) {
            throw new RejectedInputException(
                    DeadLetterReason.BAD_REGION,
                    "admdvs: '" + e.admdvs + "' is not a 12-digit village code of a province");
        }
        e.eventTime = time(required(p.getEffectiveFrom(), "effective_from"), "effective_from");
        return e;
    }

    private static String required(String value, String field) throws RejectedInputException {
        if (value == null || value.isBlank()) {
            throw missing(field);
        }
        return value;
    }

    private static RejectedInputException missing(String field) {
        return new RejectedInputException(DeadLetterReason.MISSING_FIELD, field + ": is missing");
    }

    private static long time(String value, String field) throws RejectedInputException {
        try {
            return ChinaTime.parse(value);
        } catch (IllegalArgumentException ex) {
            throw new RejectedInputException(
                    DeadLetterReason.BAD_TIME, field + ": " + ex.getMessage());
        }
    }

    private static long cents(BigDecimal amount, String field) throws RejectedInputException {
        try {
            return Money.toCents(amount);
        } catch (ArithmeticException ex) {
            throw new RejectedInputException(
                    DeadLetterReason.BAD_AMOUNT, field + ": " + ex.getMessage());
        }
    }

    /**
     * Province codes of GB/T 2260 (the first two digits of every admdvs): 华北 11–15, 东北 21–23, 华东
     * 31–37, 中南 41–46, 西南 50–54, 西北 61–65, 台湾 71, 香港 81, 澳门 82.
     */
    private static final java.util.Set<String> PROVINCES =
            java.util.Set.of(
                    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35",
                    "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54",
                    "61", "62", "63", "64", "65", "71", "81", "82");

    /** {@code length} digits starting with a province code. */
    private static boolean region(String value, int length) {
        return digits(value, length) && PROVINCES.contains(value.substring(0, 2));
    }

    private static boolean digits(String value, int length) {
        if (value.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static long fingerprint(MonitoringEvent e) {
        long h = 1125899906842597L;
        h = 31 * h + e.psnNo.hashCode();
        h = 31 * h + e.eventTime;
        h = 31 * h + e.psnPartCents;
        h = 31 * h + e.fulamtOwnpayCents;
        h = 31 * h + (e.initSetlId == null ? 0 : e.initSetlId.hashCode());
        return h;
    }
}

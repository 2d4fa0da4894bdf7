package org.medwarn.state;

import java.math.BigDecimal;
import java.time.Instant;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.medwarn.avro.Category;
import org.medwarn.avro.DeadLetter;
import org.medwarn.avro.LedgerEntry;
import org.medwarn.avro.PersonRecord;
import org.medwarn.avro.Settlement;
import org.medwarn.avro.Warning;
import org.medwarn.ingest.InputValidator;
import org.medwarn.ingest.MonitoringEvent;
import org.medwarn.ingest.RejectedInputException;
import org.medwarn.time.ChinaTime;

/**
 * Validated {@link MonitoringEvent}s from readable arguments (times {@code yyyy-MM-dd HH:mm:ss}
 * China time, amounts in 元 as strings), built the way production builds them: an Avro record
 * through {@link InputValidator}. Plus one-line renderings of the outputs so that tests can assert
 * every field at once.
 */
final class TestEvents {
    /** The county of the test persons (冠县) and its default {@code insu_admdvs}. */
    static final String COUNTY = "371525";

    private TestEvents() {}

    /** A normal settlement of {@code psnPartAmt} 元, insured in {@link #COUNTY}. */
    static MonitoringEvent settlement(String psn, String setlId, String time, String psnPartAmt) {
        return validate(base(psn, setlId, time, psnPartAmt).build());
    }

    /** A normal settlement with a fully self-paid (out of catalogue) part. */
    static MonitoringEvent settlement(
            String psn, String setlId, String time, String psnPartAmt, String fulamtOwnpayAmt) {
        return validate(
                base(psn, setlId, time, psnPartAmt)
                        .setFulamtOwnpayAmt(amount(fulamtOwnpayAmt))
                        .build());
    }

    /** A normal settlement insured elsewhere ({@code insu_admdvs}). */
    static MonitoringEvent settlementInsuredIn(
            String psn, String setlId, String time, String psnPartAmt, String insuAdmdvs) {
        return validate(base(psn, setlId, time, psnPartAmt).setInsuAdmdvs(insuAdmdvs).build());
    }

    /** A reversal row (退费结算) of {@code initSetlId}; amounts are negative as on the platform. */
    static MonitoringEvent reversal(
            String psn, String setlId, String initSetlId, String time, String psnPartAmt) {
        return validate(
                base(psn, setlId, time, psnPartAmt)
                        .setRefdSetlFlag("1")
                        .setInitSetlId(initSetlId)
                        .build());
    }

    /** A registry entry (人员身份) in effect from {@code effectiveFrom}; admdvs is 12 digits. */
    static MonitoringEvent registry(
            String psn, Category category, String identity, String admdvs, String effectiveFrom) {
        try {
            return InputValidator.person(
                    PersonRecord.newBuilder()
                            .setPsnNo(psn)
                            .setPsnName("张三")
                            .setCertno("371525199001011234")
                            .setCategory(category)
                            .setIdentity(identity)
                            .setAdmdvs(admdvs)
                            .setEffectiveFrom(effectiveFrom)
                            .build());
        } catch (RejectedInputException e) {
            throw new AssertionError("test registry record rejected: " + e.getMessage(), e);
        }
    }

    static StreamRecord<MonitoringEvent> record(MonitoringEvent e) {
        return new StreamRecord<>(e, e.eventTime);
    }

    static Settlement.Builder base(String psn, String setlId, String time, String psnPartAmt) {
        return Settlement.newBuilder()
                .setSetlId(setlId)
                .setMdtrtId("MD-" + setlId)
                .setPsnNo(psn)
                .setPsnName("张三")
                .setCertno("371525199001011234")
                .setInsutype("390")
                .setPsnType("1501")
                .setMedType("21")
                .setSetlTime(time)
                .setPsnPartAmt(amount(psnPartAmt))
                .setRefdSetlFlag("0")
                .setInsuAdmdvs(COUNTY);
    }

    /** An Avro decimal amount: exact, scale 2. */
    static BigDecimal amount(String yuan) {
        return new BigDecimal(yuan).setScale(2);
    }

    static long t(String chinaTime) {
        return ChinaTime.parse(chinaTime);
    }

    private static MonitoringEvent validate(Settlement s) {
        try {
            return InputValidator.settlement(s);
        } catch (RejectedInputException e) {
            throw new AssertionError("test settlement rejected: " + e.getMessage(), e);
        }
    }

    // --- one-line renderings of outputs ---

    /**
     * {@code psn year #seq category[identity] from->to total=.. threshold=.. trigger setl_id
     * @event_time region=county/township/village missing=registry_missing policy=..}
     */
    static String render(Warning w) {
        return w.getPsnNo()
                + " "
                + w.getYear()
                + " #"
                + w.getSequence()
                + " "
                + w.getCategory()
                + "["
                + w.getIdentity()
                + "] "
                + w.getFromLevel()
                + "->"
                + w.getToLevel()
                + " total="
                + plain(w.getAnnualSelfPay())
                + " threshold="
                + plain(w.getThreshold())
                + " "
                + w.getTrigger()
                + " "
                + w.getSetlId()
                + " @"
                + time(w.getEventTime())
                + " region="
                + w.getCountyCode()
                + "/"
                + w.getTownshipCode()
                + "/"
                + w.getVillageCode()
                + " missing="
                + w.getRegistryMissing()
                + " policy="
                + w.getPolicyVersion();
    }

    /** {@code REASON psn/setl_id @event_time}. */
    static String render(DeadLetter d) {
        return d.getReason()
                + " "
                + d.getPsnNo()
                + "/"
                + d.getSetlId()
                + " @"
                + time(d.getEventTime());
    }

    /**
     * {@code psn year category[identity] level total=.. n=.. region=c/t/v missing=.. closed=..}.
     */
    static String render(LedgerEntry l) {
        return l.getPsnNo()
                + " "
                + l.getYear()
                + " "
                + l.getCategory()
                + "["
                + l.getIdentity()
                + "] "
                + l.getLevel()
                + " total="
                + plain(l.getAnnualSelfPay())
                + " n="
                + l.getSettlementsCounted()
                + " region="
                + l.getCountyCode()
                + "/"
                + l.getTownshipCode()
                + "/"
                + l.getVillageCode()
                + " missing="
                + l.getRegistryMissing()
                + " closed="
                + l.getClosed();
    }

    private static String plain(BigDecimal d) {
        return d == null ? "null" : d.toPlainString();
    }

    private static String time(Instant i) {
        return i == null ? "null" : ChinaTime.format(i.toEpochMilli());
    }
}

package org.medwarn.sink.search;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.medwarn.avro.CadencePerson;
import org.medwarn.avro.Category;
import org.medwarn.avro.Feedback;
import org.medwarn.avro.LedgerEntry;
import org.medwarn.avro.Level;
import org.medwarn.avro.Screening;
import org.medwarn.avro.TownshipLevelCount;
import org.medwarn.avro.Warning;
import org.medwarn.ingest.MonitoringEvent;
import org.medwarn.policy.Money;
import org.medwarn.policy.Policy;
import org.medwarn.policy.PolicyHistory;
import org.medwarn.region.RegionDirectory;
import org.medwarn.time.ChinaTime;

/**
 * The search documents of the ledger and the warnings, as the index templates define them: money as
 * long {@code *_cents} plus a {@code *_text} display string, times as ISO-8601 with {@code +08:00},
 * region names from the {@link RegionDirectory}, only masked personal data.
 *
 * <ul>
 *   <li>ledger: {@code _id = psn_no-year}, written with {@code revision} as external version.
 *   <li>warnings: {@code _id = psn_no-year-sequence}; the fields of the warning itself, to which
 *       {@code org.medwarn.triage.TriageDocuments} adds the triage status, deadlines and audit
 *       trail (the triage function is the one writer of the warning documents).
 *   <li>settlements (结算明细): {@code _id = setl_id}, written once ({@link SearchDocument.Op#CREATE}):
 *       a redelivery is the same document and a conflicting one (same {@code setl_id}, other
 *       amounts) keeps the first, as the monitor counts the first and dead-letters the other.
 *   <li>screenings (筛选) and feedback (反馈): {@code _id = screening_id / feedback_id}, written with
 *       op index and no version: the report of an instant is deterministic, so a re-write after a
 *       restart writes the same document.
 * </ul>
 */
public final class SearchDocuments implements Serializable {
    private static final long serialVersionUID = 1L;
    static final ObjectMapper JSON = new ObjectMapper();

    private final RegionDirectory regions;
    private final PolicyHistory policies;

    public SearchDocuments(RegionDirectory regions, PolicyHistory policies) {
        this.regions = regions;
        this.policies = policies;
    }

    /**
     * The policy a ledger row was measured under: the one of its {@code policy_version} in the
     * history, else (a policy published while the job runs) the one in effect at its last
     * settlement.
     */
    private Policy policyOf(LedgerEntry l) {
        for (Policy p : policies.policies()) {
            if (p.version().equals(l.getPolicyVersion())) {
                return p;
            }
        }
        return policies.at(
                l.getLastSetlTime() == null ? Long.MAX_VALUE : l.getLastSetlTime().toEpochMilli());
    }

    /** The ledger (台账) document of a person-year. */
    public SearchDocument ledger(LedgerEntry l) {
        return SearchDocument.versioned(
                IndexTemplates.LEDGER, ledgerId(l), l.getRevision(), ledgerFields(l).toString());
    }

    /** The {@code _id} of a ledger document: {@code psn_no-year}. */
    public static String ledgerId(LedgerEntry l) {
        return l.getPsnNo() + "-" + l.getYear();
    }

    /** The fields of a ledger document, for writers that add their own (triage). */
    public ObjectNode ledgerFields(LedgerEntry l) {
        ObjectNode d = JSON.createObjectNode();
        d.put("psn_no", l.getPsnNo());
        d.put("psn_name_masked", l.getPsnNameMasked());
        d.put("certno_masked", l.getCertnoMasked());
        d.put("category", l.getCategory().name());
        d.put("identity", l.getIdentity());
        d.put("registry_missing", l.getRegistryMissing());
        putRegions(d, l.getCountyCode(), l.getTownshipCode(), l.getVillageCode());
        d.put("year", l.getYear());
        d.put("level", l.getLevel().name());
        d.put("level_rank", l.getLevel().ordinal());
        putMoney(d, "annual_self_pay", Money.toCents(l.getAnnualSelfPay()));
        Long threshold =
                l.getLevel() == Level.NONE
                        ? null
                        : policyOf(l).thresholds(l.getCategory()).thresholdOf(l.getLevel());
        d.put("threshold_cents", threshold);
        d.put("settlements_counted", l.getSettlementsCounted());
        putTime(d, "first_blue_time", l.getFirstBlueTime());
        putTime(d, "first_yellow_time", l.getFirstYellowTime());
        putTime(d, "first_red_time", l.getFirstRedTime());
        putTime(d, "last_setl_time", l.getLastSetlTime());
        d.put("closed", l.getClosed());
        d.put("policy_version", l.getPolicyVersion());
        d.put("revision", l.getRevision());
        return d;
    }

    /** The {@code _id} of a warning document: {@code psn_no-year-sequence}. */
    public static String warningId(Warning w) {
        return w.getPsnNo() + "-" + w.getYear() + "-" + w.getSequence();
    }

    /**
     * The fields of a warning document that come from the warning itself, for writers that add
     * their own (triage: status, deadlines, audit trail).
     */
    public ObjectNode warningFields(Warning w) {
        String id = warningId(w);
        ObjectNode d = JSON.createObjectNode();
        d.put("psn_no", w.getPsnNo());
        d.put("psn_name_masked", w.getPsnNameMasked());
        d.put("certno_masked", w.getCertnoMasked());
        d.put("category", w.getCategory().name());
        d.put("identity", w.getIdentity());
        d.put("registry_missing", w.getRegistryMissing());
        putRegions(d, w.getCountyCode(), w.getTownshipCode(), w.getVillageCode());
        d.put("warning_id", id);
        d.put("year", w.getYear());
        d.put("sequence", w.getSequence());
        d.put("from_level", w.getFromLevel().name());
        d.put("to_level", w.getToLevel().name());
        d.put("to_level_rank", w.getToLevel().ordinal());
        d.put("direction", w.getToLevel().ordinal() > w.getFromLevel().ordinal() ? "UP" : "DOWN");
        putMoney(d, "annual_self_pay", Money.toCents(w.getAnnualSelfPay()));
        d.put("threshold_cents", cents(w.getThreshold()));
        d.put("trigger", w.getTrigger().name());
        d.put("setl_id", w.getSetlId());
        putTime(d, "event_time", w.getEventTime());
        d.put("policy_version", w.getPolicyVersion());
        return d;
    }

    /**
     * The settlement (结算明细) document of a decoded settlement or reversal, with minimal fields:
     * {@code psn_no}, time, the amounts the rules use and the reversal link; no name, ID number,
     * diagnosis or facility.
     */
    public static SearchDocument settlement(MonitoringEvent e) {
        ObjectNode d = JSON.createObjectNode();
        d.put("setl_id", e.setlId);
        d.put("psn_no", e.psnNo);
        d.put("year", ChinaTime.yearOf(e.eventTime));
        d.put("setl_time", ChinaTime.formatIso(e.eventTime));
        putMoney(d, "psn_part_amt", e.psnPartCents);
        putMoney(d, "fulamt_ownpay_amt", e.fulamtOwnpayCents);
        d.put("reversal", e.isReversal());
        d.put("init_setl_id", e.initSetlId);
        d.put("insu_admdvs", e.insuAdmdvs);
        return SearchDocument.create(IndexTemplates.SETTLEMENTS, e.setlId, d.toString());
    }

    /** The screening (筛选) document of a category, county and screening instant. */
    public SearchDocument screening(Screening s) {
        ObjectNode d = JSON.createObjectNode();
        d.put("screening_id", s.getScreeningId());
        d.put("category", s.getCategory().name());
        d.put("county_code", s.getCountyCode());
        d.put("county_name", regions.name(s.getCountyCode()));
        putTime(d, "screening_time", s.getScreeningTime());
        putTime(d, "previous_screening_time", s.getPreviousScreeningTime());
        d.put("schedule", s.getSchedule());
        d.put("policy_version", s.getPolicyVersion());
        d.put("person_count", s.getPersonCount());
        d.put("new_count", s.getNewCount());
        d.put("late_count", s.getLateCount());
        ArrayNode counts = d.putArray("counts");
        for (TownshipLevelCount c : s.getCounts()) {
            ObjectNode n = counts.addObject();
            n.put("township_code", c.getTownshipCode());
            n.put("township_name", regions.name(c.getTownshipCode()));
            n.put("level", c.getLevel().name());
            n.put("level_rank", c.getLevel().ordinal());
            n.put("count", c.getCount());
        }
        putPersons(d, s.getPersons());
        return SearchDocument.replace(IndexTemplates.SCREENINGS, s.getScreeningId(), d.toString());
    }

    /**
     * The feedback (反馈) document of a township, level and feedback instant, or of one warning fed
     * back at once.
     */
    public SearchDocument feedback(Feedback f) {
        ObjectNode d = JSON.createObjectNode();
        d.put("feedback_id", f.getFeedbackId());
        d.put("level", f.getLevel().name());
        d.put("level_rank", f.getLevel().ordinal());
        d.put("county_code", f.getCountyCode());
        d.put("county_name", regions.name(f.getCountyCode()));
        d.put("township_code", f.getTownshipCode());
        d.put("township_name", regions.name(f.getTownshipCode()));
        putTime(d, "feedback_time", f.getFeedbackTime());
        putTime(d, "previous_feedback_time", f.getPreviousFeedbackTime());
        d.put("immediate", f.getImmediate());
        d.put("schedule", f.getSchedule());
        d.put("policy_version", f.getPolicyVersion());
        d.put("person_count", f.getPersonCount());
        d.put("new_count", f.getNewCount());
        putPersons(d, f.getPersons());
        d.put("warning_sequence", f.getWarningSequence());
        d.put("from_level", f.getFromLevel() == null ? null : f.getFromLevel().name());
        d.put("setl_id", f.getSetlId());
        return SearchDocument.replace(IndexTemplates.FEEDBACK, f.getFeedbackId(), d.toString());
    }

    /** The person-years of a screening or feedback (no personal data but psn_no). */
    private void putPersons(ObjectNode d, List<CadencePerson> persons) {
        ArrayNode array = d.putArray("persons");
        for (CadencePerson p : persons) {
            ObjectNode n = array.addObject();
            n.put("psn_no", p.getPsnNo());
            n.put("year", p.getYear());
            n.put("category", p.getCategory().name());
            n.put("identity", p.getIdentity());
            n.put("level", p.getLevel().name());
            n.put("level_rank", p.getLevel().ordinal());
            putMoney(n, "annual_self_pay", Money.toCents(p.getAnnualSelfPay()));
            n.put("township_code", p.getTownshipCode());
            n.put("township_name", regions.name(p.getTownshipCode()));
            n.put("village_code", p.getVillageCode());
            n.put("village_name", regions.name(p.getVillageCode()));
            n.put("registry_missing", p.getRegistryMissing());
            putTime(n, "level_reached_time", p.getLevelReachedTime());
            putTime(n, "last_event_time", p.getLastEventTime());
            n.put("is_new", p.getIsNew());
            n.put("late", p.getLate());
        }
    }

    /**
     * An aggregates document: {@code doc_type} {@code current} (id without date, versioned by the
     * group's revision) or {@code daily} (id with the snapshot date, written once per date).
     */
    public SearchDocument aggregate(
            String docType,
            String regionLevel,
            String regionCode,
            String countyCode,
            String townshipCode,
            String villageCode,
            Category category,
            Level level,
            int year,
            long persons,
            long selfPayCents,
            long asOf,
            long revision,
            String snapshotDate) {
        ObjectNode d = JSON.createObjectNode();
        putRegions(d, countyCode, townshipCode, villageCode);
        d.put("doc_type", docType);
        d.put("region_level", regionLevel);
        d.put("region_code", regionCode);
        d.put("region_name", regions.name(regionCode));
        d.put("category", category.name());
        d.put("level", level.name());
        d.put("level_rank", level.ordinal());
        d.put("year", year);
        d.put("persons", persons);
        putMoney(d, "self_pay", selfPayCents);
        d.put("snapshot_date", snapshotDate);
        d.put("as_of", ChinaTime.formatIso(asOf));
        d.put("revision", revision);
        String group = regionLevel + "-" + regionCode + "-" + category + "-" + level;
        return snapshotDate == null
                ? SearchDocument.versioned(
                        IndexTemplates.AGGREGATES,
                        "current-" + group + "-" + year,
                        revision,
                        d.toString())
                : SearchDocument.versioned(
                        IndexTemplates.AGGREGATES,
                        "daily-" + group + "-" + snapshotDate,
                        revision,
                        d.toString());
    }

    private void putRegions(ObjectNode d, String county, String township, String village) {
        d.put("county_code", county);
        d.put("county_name", regions.name(county));
        d.put("township_code", township);
        d.put("township_name", regions.name(township));
        d.put("village_code", village);
        d.put("village_name", regions.name(village));
    }

    private static void putMoney(ObjectNode d, String field, long cents) {
        d.put(field + "_cents", cents);
        d.put(field + "_text", Money.format(cents));
    }

    private static Long cents(BigDecimal yuan) {
        return yuan == null ? null : Money.toCents(yuan);
    }

    private static void putTime(ObjectNode d, String field, Instant t) {
        d.put(field, t == null ? null : ChinaTime.formatIso(t.toEpochMilli()));
    }
}

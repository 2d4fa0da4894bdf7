package org.medwarn.report;

import org.medwarn.avro.Category;
import org.medwarn.avro.LedgerEntry;
import org.medwarn.avro.Level;

/**
 * A person-year at or above its category's lowest level, as the cadences see it: the ledger (台账)
 * row plus what the last screening and feedback said about it (for the {@code new} and {@code late}
 * marks). A flat Flink POJO.
 */
public class CadenceMember {
    public String psnNo;
    public int year;
    public Category category;
    public String identity;
    public Level level;
    public long totalCents;
    public String countyCode;

    /** 9-digit township, or null when the registry entry is missing. */
    public String townshipCode;

    public String villageCode;
    public boolean registryMissing;
    public Long firstBlueTime;
    public Long firstYellowTime;
    public Long firstRedTime;

    /** Event time of the latest change applied. */
    public long lastEventTime;

    /** Category and instant of the last screening that listed this person-year (0: none). */
    public Category screenedCategory;

    public long screenedAt;

    /** Level and instant of the last feedback that listed this person-year (0: none). */
    public Level fedBackLevel;

    public long fedBackAt;

    /** Changed by an event dated before the last screening (feedback) that came after it. */
    public boolean screeningLate;

    public boolean feedbackLate;

    public CadenceMember() {}

    /** The member a ledger row describes, or null when the row is closed or at level NONE. */
    static CadenceMember of(LedgerEntry l) {
        if (l.getClosed() || l.getLevel() == Level.NONE) {
            return null;
        }
        CadenceMember m = new CadenceMember();
        m.psnNo = l.getPsnNo();
        m.year = l.getYear();
        m.category = l.getCategory();
        m.identity = l.getIdentity();
        m.level = l.getLevel();
        m.totalCents = org.medwarn.policy.Money.toCents(l.getAnnualSelfPay());
        m.countyCode = l.getCountyCode();
        m.townshipCode = l.getTownshipCode();
        m.villageCode = l.getVillageCode();
        m.registryMissing = l.getRegistryMissing();
        m.firstBlueTime = millis(l.getFirstBlueTime());
        m.firstYellowTime = millis(l.getFirstYellowTime());
        m.firstRedTime = millis(l.getFirstRedTime());
        return m;
    }

    private static Long millis(java.time.Instant i) {
        return i == null ? null : i.toEpochMilli();
    }

    /** The key of a person-year: {@code psn_no/year}. */
    static String key(String psnNo, int year) {
        return psnNo + "/" + year;
    }

    String key() {
        return key(psnNo, year);
    }

    /** First time the person reached {@code level} in the year, or null. */
    Long reachedTime(Level level) {
        return switch (level) {
            case BLUE -> firstBlueTime;
            case YELLOW -> firstYellowTime;
            case RED -> firstRedTime;
            default -> null;
        };
    }
}

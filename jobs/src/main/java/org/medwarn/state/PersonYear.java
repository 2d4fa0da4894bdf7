package org.medwarn.state;

import org.medwarn.avro.Category;
import org.medwarn.avro.Level;

/** The monitored state of one person in one calendar year: the row of the 台账 (ledger). */
public class PersonYear {
    public int year;

    /**
     * Self-pay of counted, not reversed settlements, cents, as last measured under {@link
     * #policyVersion}: the calendar year's total, or the rolling 12 months ending with the month of
     * {@link #asOf}.
     */
    public long totalCents;

    /** The policy the year was last evaluated under. */
    public String policyVersion;

    public int settlementsCounted;
    public Level level = Level.NONE;

    /** Category, identity and region the level was last evaluated with. */
    public Category category;

    public String identity;
    public String countyCode;
    public String townshipCode;
    public String villageCode;
    public boolean registryMissing;

    /** Masked name and ID number from the registry version last evaluated with. */
    public String psnNameMasked;

    public String certnoMasked;

    /** Ledger rows emitted so far for this person and year: the search documents' version. */
    public long revision;

    /** {@code insu_admdvs} of the latest settlement: the county when the registry has none. */
    public String insuAdmdvs;

    /** Latest event time applied to this year: the moment whose category counts. */
    public long asOf;

    /** Warnings emitted so far for this person and year. */
    public int sequence;

    public Long firstBlueTime;
    public Long firstYellowTime;
    public Long firstRedTime;
    public Long lastSetlTime;

    public PersonYear() {}
}

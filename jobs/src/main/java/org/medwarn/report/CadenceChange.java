package org.medwarn.report;

/**
 * A change of the cadence membership of one person-year in one county: the new row, or its removal
 * ({@code member == null}: fell below the lowest level, moved away, or the year closed). A flat
 * Flink POJO.
 */
public class CadenceChange {
    /** The county whose screenings and feedback the change concerns: the key downstream. */
    public String county;

    /** {@code psn_no/year}. */
    public String memberKey;

    /** Event time of the cause ({@code setl_time}, registry {@code effective_from}, year close). */
    public long eventTime;

    /**
     * Event time from which the change counts: its event time, or just after the watermark the
     * change was observed at when it came late; never before an earlier change of the same
     * person-year. Decided upstream, per person, so the same in every replay.
     */
    public long effectiveTime;

    /** The new row, or null when the person-year leaves the county's cadences. */
    public CadenceMember member;

    public CadenceChange() {}

    static CadenceChange of(
            String county, String memberKey, long eventTime, long effectiveTime, CadenceMember m) {
        CadenceChange c = new CadenceChange();
        c.county = county;
        c.memberKey = memberKey;
        c.eventTime = eventTime;
        c.effectiveTime = effectiveTime;
        c.member = m;
        return c;
    }
}

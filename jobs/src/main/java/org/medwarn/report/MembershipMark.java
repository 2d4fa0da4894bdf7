package org.medwarn.report;

/** What {@link CadenceMembership} remembers of one person-year. A Flink POJO. */
public class MembershipMark {
    /** The county whose cadences list the person-year, or null when none does. */
    public String county;

    /** Effective time of the last change emitted for the person-year. */
    public long lastEffectiveTime;

    public MembershipMark() {}
}

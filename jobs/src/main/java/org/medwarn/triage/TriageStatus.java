package org.medwarn.triage;

/**
 * The status of a warning's case (处置状态) in {@code medwarn-warnings}. A case moves forward with the
 * officers' actions (see {@link TriageRules}); {@link #rank} orders the forward statuses.
 */
public enum TriageStatus {
    /** 新预警: nobody has acted yet. */
    NEW(0),
    /** 已签收: an officer acknowledged it. */
    ACKNOWLEDGED(1),
    /** 已指派: assigned to a township officer. */
    ASSIGNED(2),
    /** 已走访: the household was visited (入户走访). */
    VISITED(3),
    /** 已核查认定: verified with an outcome. */
    VERIFIED(4),
    /** 已办结: closed. */
    CLOSED(5),
    /** 重新打开: reopened by REOPEN, or by an action on a warning that has since escalated. */
    REOPENED(0);

    private final int rank;

    TriageStatus(int rank) {
        this.rank = rank;
    }

    /** Forward order: NEW and REOPENED 0, …, CLOSED 5. */
    public int rank() {
        return rank;
    }

    /** VERIFIED or CLOSED: counted as handled (已处置) on the overview. */
    public boolean handled() {
        return this == VERIFIED || this == CLOSED;
    }
}

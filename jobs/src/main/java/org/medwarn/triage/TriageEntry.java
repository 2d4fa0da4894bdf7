package org.medwarn.triage;

/**
 * One applied action in a case's audit trail (处置记录): who did what, when, and the status it led to.
 * Never removed while the case is kept; every version of the warning document carries the whole
 * trail. A Flink POJO.
 */
public class TriageEntry {
    public String actionId;
    public String action;
    public String actor;
    public String actorRole;

    /** When the officer acted (the console's clock), epoch millis. */
    public long actionTime;

    /**
     * The job's event time when it applied the action (see {@link WarningTriage}), epoch millis.
     */
    public long appliedTime;

    public String assignee;
    public String note;
    public String outcome;

    /** The case's status after the action. */
    public TriageStatus status;

    /**
     * The warning whose escalation made this action reopen the case (see {@link TriageRules}), else
     * null.
     */
    public String reopenedBy;

    public TriageEntry() {}
}

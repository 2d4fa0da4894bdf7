package org.medwarn.triage;

import org.medwarn.avro.Level;
import org.medwarn.avro.Warning;

/**
 * The case (处置案件) of one warning: the warning itself, its triage status and deadlines, and the
 * audit trail. A Flink POJO kept in {@link PersonTriage}; times are epoch millis, {@link #NONE}
 * when not (yet) set.
 */
public class WarningCase {
    /** A time that is not set. */
    public static final long NONE = Long.MIN_VALUE;

    public Warning warning;
    public String warningId;
    public TriageStatus status = TriageStatus.NEW;
    public long statusTime = NONE;
    public String assignee;
    public String outcome;

    /** The later warning of the year that raised the level above this one's, else null. */
    public String supersededBy;

    /** The earlier warning of the year whose level this one raised, else null. */
    public String escalatedFrom;

    /** The escalation (warning id) an action has already reopened this case for, else null. */
    public String reopenedFor;

    /** Deadlines (event time), {@link #NONE} for a warning without service level (level down). */
    public long ackDue = NONE;

    public long visitDue = NONE;
    public long acknowledgedTime = NONE;
    public long visitedTime = NONE;
    public long verifiedTime = NONE;
    public long closedTime = NONE;

    /** The acknowledgement deadline passed before any action (stays true: the SLA was missed). */
    public boolean ackOverdue;

    /** The visit deadline passed before a visit (stays true). */
    public boolean visitOverdue;

    /** Version of the case's search document: 1, 2, … per emission. */
    public long revision;

    public TriageEntry[] history = new TriageEntry[0];

    public WarningCase() {}

    public int year() {
        return warning.getYear();
    }

    /** The warning raised the level (from_level below to_level). */
    public boolean up() {
        return warning.getToLevel().ordinal() > warning.getFromLevel().ordinal();
    }

    public Level level() {
        return warning.getToLevel();
    }

    /** Acknowledged, or visited / verified / closed (which imply it). */
    public boolean ackMet() {
        return acknowledgedTime != NONE;
    }

    /** Visited, or verified / closed. */
    public boolean visitMet() {
        return visitedTime != NONE || status.rank() >= TriageStatus.VERIFIED.rank();
    }

    /**
     * Deadlines still run: a warning up, not closed, not superseded by an escalation (the escalated
     * warning has its own deadlines).
     */
    public boolean deadlinesRun() {
        return up() && status != TriageStatus.CLOSED && supersededBy == null;
    }

    /** The acknowledge deadline still runs and has been neither met nor flagged overdue. */
    public boolean ackPending() {
        return deadlinesRun() && !ackMet() && !ackOverdue;
    }

    /** The visit deadline still runs and has been neither met nor flagged overdue. */
    public boolean visitPending() {
        return deadlinesRun() && !visitMet() && !visitOverdue;
    }

    /** Open now with a missed deadline: the queue's flag and the overview's overdue count. */
    public boolean overdue() {
        return deadlinesRun() && ((ackOverdue && !ackMet()) || (visitOverdue && !visitMet()));
    }

    /**
     * An officer still has to act on it: a warning up, not closed, and either not superseded or
     * reopened. Cases that need no action are dropped from state when their year closes.
     */
    public boolean needsAction() {
        return up()
                && status != TriageStatus.CLOSED
                && (supersededBy == null || status == TriageStatus.REOPENED);
    }

    /** Whether the audit trail already holds {@code actionId}. */
    public boolean applied(String actionId) {
        for (TriageEntry e : history) {
            if (e.actionId.equals(actionId)) {
                return true;
            }
        }
        return false;
    }
}

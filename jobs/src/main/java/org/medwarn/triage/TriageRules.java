package org.medwarn.triage;

import java.util.Arrays;
import java.util.Set;
import org.medwarn.avro.TriageAction;
import org.medwarn.avro.TriageActionType;
import org.medwarn.avro.TriageOutcome;
import org.medwarn.ingest.DeadLetterReason;
import org.medwarn.ingest.RejectedInputException;

/**
 * The rules of triage (处置): which actions a case accepts and what they do. Pure; {@link
 * WarningTriage} applies them in the job.
 *
 * <p>Every action needs {@code actor}, an {@code actor_role} of {@value #ROLES_TEXT}, and a {@code
 * warning_id} equal to {@code psn_no-year-sequence} of the action. Per action:
 *
 * <ul>
 *   <li>ACKNOWLEDGE 签收 → ACKNOWLEDGED; ASSIGN 指派 needs {@code assignee} → ASSIGNED (again:
 *       reassigns); VISIT 入户走访 needs {@code note} → VISITED; VERIFY 核查认定 needs {@code outcome}
 *       (NOT_ELIGIBLE also a {@code note}: the reason) → VERIFIED; CLOSE 办结 → CLOSED, from
 *       VERIFIED, or from any status with a {@code note} (the closing remark); REOPEN → REOPENED,
 *       only from VERIFIED or CLOSED.
 *   <li>Statuses only move forward (NEW, REOPENED &lt; ACKNOWLEDGED &lt; ASSIGNED &lt; VISITED &lt;
 *       VERIFIED &lt; CLOSED): an earlier action after a later one is recorded but keeps the status
 *       (an ASSIGN after VISITED changes the assignee, the case stays VISITED).
 *   <li>A CLOSED case accepts only REOPEN; {@code outcome} is only for VERIFY.
 *   <li><b>Escalation</b>: when a later warning of the year raised the level above the case's (the
 *       case shows {@code superseded_by}), the first action on the case after that escalation,
 *       whatever it is and whatever the status (CLOSED too), is recorded and makes the case
 *       REOPENED ({@code reopened_by} in its trail): the officer acted on a situation that is no
 *       longer the current one. Later actions follow the rules above (e.g. CLOSE with a note).
 * </ul>
 *
 * Any action but REOPEN acknowledges (first action time = {@code acknowledged_time}); VISIT sets
 * {@code visited_time}. A broken rule is a {@link DeadLetterReason#TRIAGE_INVALID} naming the field
 * and value.
 */
public final class TriageRules {
    static final String ROLES_TEXT = "COUNTY_OFFICER, TOWNSHIP_OFFICER";
    private static final Set<String> ROLES = Set.of("COUNTY_OFFICER", "TOWNSHIP_OFFICER");

    private TriageRules() {}

    /** The document id of the warning the action names, checked against its own fields. */
    public static String warningId(TriageAction a) throws RejectedInputException {
        String expected = a.getPsnNo() + "-" + a.getYear() + "-" + a.getSequence();
        if (!expected.equals(a.getWarningId())) {
            throw invalid(
                    "warning_id: '"
                            + a.getWarningId()
                            + "' is not psn_no-year-sequence of the action ("
                            + expected
                            + ")");
        }
        return expected;
    }

    /**
     * Checks {@code a} against the case and applies it at event time {@code appliedTime}.
     *
     * @return the entry appended to the case's trail
     * @throws RejectedInputException TRIAGE_INVALID naming the field and value; the case is then
     *     unchanged
     */
    public static TriageEntry apply(WarningCase c, TriageAction a, long appliedTime)
            throws RejectedInputException {
        checkFields(a);
        TriageActionType type = a.getAction();
        String reopenedBy =
                c.supersededBy != null && !c.supersededBy.equals(c.reopenedFor)
                        ? c.supersededBy
                        : null;
        TriageStatus next = reopenedBy != null ? TriageStatus.REOPENED : transition(c, a);

        if (type == TriageActionType.ASSIGN) {
            c.assignee = a.getAssignee();
        }
        if (type == TriageActionType.VERIFY) {
            c.outcome = a.getOutcome().name();
            c.verifiedTime = appliedTime;
        }
        if (type != TriageActionType.REOPEN && c.acknowledgedTime == WarningCase.NONE) {
            c.acknowledgedTime = appliedTime;
        }
        if (type == TriageActionType.VISIT && c.visitedTime == WarningCase.NONE) {
            c.visitedTime = appliedTime;
        }
        if (next == TriageStatus.CLOSED) {
            c.closedTime = appliedTime;
        }
        if (reopenedBy != null) {
            c.reopenedFor = reopenedBy;
        }
        c.status = next;
        c.statusTime = appliedTime;

        TriageEntry e = new TriageEntry();
        e.actionId = a.getActionId();
        e.action = type.name();
        e.actor = a.getActor();
        e.actorRole = a.getActorRole();
        e.actionTime = a.getActionTime().toEpochMilli();
        e.appliedTime = appliedTime;
        e.assignee = a.getAssignee();
        e.note = a.getNote();
        e.outcome = a.getOutcome() == null ? null : a.getOutcome().name();
        e.status = next;
        e.reopenedBy = reopenedBy;
        c.history = Arrays.copyOf(c.history, c.history.length + 1);
        c.history[c.history.length - 1] = e;
        return e;
    }

    /** The fields every action needs and those its type needs. */
    static void checkFields(TriageAction a) throws RejectedInputException {
        TriageActionType type = a.getAction();
        if (blank(a.getActionId())) {
            throw invalid("action_id: missing");
        }
        if (blank(a.getActor())) {
            throw invalid("actor: missing for " + type);
        }
        if (!ROLES.contains(a.getActorRole())) {
            throw invalid("actor_role: '" + a.getActorRole() + "' is not one of " + ROLES_TEXT);
        }
        if (a.getOutcome() != null && type != TriageActionType.VERIFY) {
            throw invalid("outcome: '" + a.getOutcome() + "' is only for VERIFY, not for " + type);
        }
        switch (type) {
            case ASSIGN -> {
                if (blank(a.getAssignee())) {
                    throw invalid("assignee: missing for ASSIGN (the township officer)");
                }
            }
            case VISIT -> {
                if (blank(a.getNote())) {
                    throw invalid("note: missing for VISIT (the visit record)");
                }
            }
            case VERIFY -> {
                if (a.getOutcome() == null) {
                    throw invalid(
                            "outcome: missing for VERIFY (one of "
                                    + Arrays.toString(TriageOutcome.values())
                                    + ")");
                }
                if (a.getOutcome() == TriageOutcome.NOT_ELIGIBLE && blank(a.getNote())) {
                    throw invalid(
                            "note: missing for VERIFY with outcome NOT_ELIGIBLE (the reason)");
                }
            }
            default -> {
                // ACKNOWLEDGE, CLOSE, REOPEN: no field of their own (CLOSE: see transition)
            }
        }
    }

    /** The status after {@code a} on a case that has not escalated since its last reopening. */
    static TriageStatus transition(WarningCase c, TriageAction a) throws RejectedInputException {
        TriageActionType type = a.getAction();
        if (type == TriageActionType.REOPEN) {
            if (c.status != TriageStatus.VERIFIED && c.status != TriageStatus.CLOSED) {
                throw invalid(
                        "action: REOPEN of warning "
                                + c.warningId
                                + " whose status is "
                                + c.status
                                + " (only VERIFIED or CLOSED cases reopen)");
            }
            return TriageStatus.REOPENED;
        }
        if (c.status == TriageStatus.CLOSED) {
            throw invalid(
                    "action: "
                            + type
                            + " on warning "
                            + c.warningId
                            + " whose status is CLOSED (REOPEN it first)");
        }
        TriageStatus target =
                switch (type) {
                    case ACKNOWLEDGE -> TriageStatus.ACKNOWLEDGED;
                    case ASSIGN -> TriageStatus.ASSIGNED;
                    case VISIT -> TriageStatus.VISITED;
                    case VERIFY -> TriageStatus.VERIFIED;
                    case CLOSE -> TriageStatus.CLOSED;
                    case REOPEN -> throw new IllegalStateException("handled above");
                };
        if (type == TriageActionType.CLOSE
                && c.status != TriageStatus.VERIFIED
                && blank(a.getNote())) {
            throw invalid(
                    "note: missing for CLOSE of warning "
                            + c.warningId
                            + " whose status is "
                            + c.status
                            + " (closing before VERIFIED needs the closing remark)");
        }
        return target.rank() > c.status.rank() ? target : c.status;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static RejectedInputException invalid(String detail) {
        return new RejectedInputException(DeadLetterReason.TRIAGE_INVALID, detail);
    }
}

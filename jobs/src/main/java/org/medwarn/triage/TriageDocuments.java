package org.medwarn.triage;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import org.medwarn.avro.LedgerEntry;
import org.medwarn.sink.search.IndexTemplates;
import org.medwarn.sink.search.SearchDocument;
import org.medwarn.sink.search.SearchDocuments;
import org.medwarn.time.ChinaTime;

/**
 * The search documents that triage writes: the whole {@code medwarn-warnings} document of a case
 * (the warning's fields from {@link SearchDocuments}, then status, deadlines, flags and the audit
 * trail), and the ledger document with the {@code triage_status} of the year's latest warning. Both
 * are {@code index} writes with an external version that grows with every write.
 */
public final class TriageDocuments implements Serializable {
    private static final long serialVersionUID = 1L;

    private final SearchDocuments documents;

    public TriageDocuments(SearchDocuments documents) {
        this.documents = documents;
    }

    /** The warning document of a case, versioned by {@code c.revision}. */
    public SearchDocument warning(WarningCase c) {
        ObjectNode d = documents.warningFields(c.warning);
        d.put("status", c.status.name());
        putTime(d, "status_time", c.statusTime);
        d.put("assignee", c.assignee);
        d.put("outcome", c.outcome);
        d.put("superseded_by", c.supersededBy);
        d.put("escalated_from", c.escalatedFrom);
        putTime(d, "ack_due", c.ackDue);
        putTime(d, "visit_due", c.visitDue);
        putTime(d, "acknowledged_time", c.acknowledgedTime);
        putTime(d, "visited_time", c.visitedTime);
        putTime(d, "verified_time", c.verifiedTime);
        putTime(d, "closed_time", c.closedTime);
        d.put("ack_overdue", c.ackOverdue);
        d.put("visit_overdue", c.visitOverdue);
        d.put("overdue", c.overdue());
        d.put("handled", c.status.handled());
        d.put("revision", c.revision);
        ArrayNode history = d.putArray("history");
        for (TriageEntry e : c.history) {
            ObjectNode h = history.addObject();
            h.put("action_id", e.actionId);
            h.put("action", e.action);
            h.put("actor", e.actor);
            h.put("actor_role", e.actorRole);
            putTime(h, "action_time", e.actionTime);
            putTime(h, "applied_time", e.appliedTime);
            h.put("assignee", e.assignee);
            h.put("note", e.note);
            h.put("outcome", e.outcome);
            h.put("status", e.status.name());
            h.put("reopened_by", e.reopenedBy);
        }
        return SearchDocument.versioned(
                IndexTemplates.WARNINGS, c.warningId, c.revision, d.toString());
    }

    /**
     * The ledger document of {@code l} with the status of its year's latest warning (none: the
     * plain document), versioned by the row's revision plus the slot's triage re-writes.
     */
    public SearchDocument ledger(LedgerEntry l, YearSlot slot) {
        if (slot == null || slot.latestStatus == null) {
            return documents.ledger(l);
        }
        ObjectNode d = documents.ledgerFields(l);
        d.put("triage_status", slot.latestStatus.name());
        return SearchDocument.versioned(
                IndexTemplates.LEDGER,
                SearchDocuments.ledgerId(l),
                l.getRevision() + slot.bump,
                d.toString());
    }

    private static void putTime(ObjectNode d, String field, long millis) {
        d.put(field, millis == WarningCase.NONE ? null : ChinaTime.formatIso(millis));
    }
}

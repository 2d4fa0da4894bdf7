package org.medwarn.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.medwarn.avro.TriageAction;
import org.medwarn.avro.TriageActionType;
import org.medwarn.avro.TriageOutcome;

/**
 * One triage action as an officer posts it ({@code POST /api/warnings/{warning_id}/actions}, JSON
 * {@code {action, assignee, note, outcome}}), validated: every bad value is rejected with a message
 * naming the field and the value (answered with 400).
 *
 * <ul>
 *   <li>{@code action}: ACKNOWLEDGE 签收, ASSIGN 指派, VISIT 入户走访, VERIFY 核查认定, CLOSE 办结, REOPEN 重新打开
 *   <li>{@code assignee}: required for ASSIGN (a township officer of the warning's township:
 *       checked against the users by {@link TriageService}), not allowed otherwise
 *   <li>{@code note}: required for VISIT (the visit note) and for VERIFY with outcome NOT_ELIGIBLE
 *       (the reason); at most {@value #MAX_NOTE} characters
 *   <li>{@code outcome}: required for VERIFY, not allowed otherwise
 * </ul>
 *
 * Which action fits the warning's current status is the monitoring job's decision (the single
 * writer of the status); the console checks the input only.
 */
record TriageRequest(TriageActionType action, String assignee, String note, TriageOutcome outcome) {

    static final int MAX_NOTE = 2000;
    private static final Set<String> KEYS = Set.of("action", "assignee", "note", "outcome");
    private static final Pattern WARNING_ID =
            Pattern.compile("[A-Za-z0-9_-]{1,64}-\\d{4}-\\d{1,9}");

    /**
     * Checks a warning id from a URL ({@code psn_no-year-sequence}) before it goes into a query.
     */
    static String validWarningId(String id) {
        if (id == null || !WARNING_ID.matcher(id).matches()) {
            throw new IllegalArgumentException(
                    "warning_id: '" + id + "' is not psn_no-year-sequence");
        }
        return id;
    }

    static TriageRequest parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("body: expected a JSON object {action, ...}");
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown field '" + key + "'");
            }
        }
        TriageActionType action =
                symbol("action", text(body, "action"), TriageActionType.class, true);
        String assignee = QueueFilter.blankToNull(text(body, "assignee"));
        String note = QueueFilter.blankToNull(text(body, "note"));
        TriageOutcome outcome =
                symbol("outcome", text(body, "outcome"), TriageOutcome.class, false);
        if (note != null && note.length() > MAX_NOTE) {
            throw new IllegalArgumentException(
                    "note: " + note.length() + " characters, at most " + MAX_NOTE);
        }
        if (action == TriageActionType.ASSIGN && assignee == null) {
            throw new IllegalArgumentException("assignee: required for ASSIGN");
        }
        if (action != TriageActionType.ASSIGN && assignee != null) {
            throw new IllegalArgumentException(
                    "assignee: '" + assignee + "' is only for ASSIGN, not " + action);
        }
        if (action == TriageActionType.VISIT && note == null) {
            throw new IllegalArgumentException("note: required for VISIT (the visit note)");
        }
        if (action == TriageActionType.VERIFY && outcome == null) {
            throw new IllegalArgumentException(
                    "outcome: required for VERIFY, one of " + symbols(TriageOutcome.class));
        }
        if (action != TriageActionType.VERIFY && outcome != null) {
            throw new IllegalArgumentException(
                    "outcome: '" + outcome + "' is only for VERIFY, not " + action);
        }
        if (outcome == TriageOutcome.NOT_ELIGIBLE && note == null) {
            throw new IllegalArgumentException("note: required for NOT_ELIGIBLE (the reason)");
        }
        return new TriageRequest(action, assignee, note, outcome);
    }

    /**
     * The event for the monitoring job: a new {@code action_id} (UUID) and {@code action_time} now.
     *
     * @param warning the warning's document ({@code warning_id, psn_no, year, sequence})
     */
    TriageAction toAction(JsonNode warning, ConsoleUser actor, Instant now) {
        return TriageAction.newBuilder()
                .setActionId(UUID.randomUUID().toString())
                .setWarningId(warning.path("warning_id").asText())
                .setPsnNo(warning.path("psn_no").asText())
                .setYear(warning.path("year").asInt())
                .setSequence(warning.path("sequence").asInt())
                .setAction(action)
                .setActor(actor.name())
                .setActorRole(actor.role().name())
                .setActionTime(now)
                .setAssignee(assignee)
                .setNote(note)
                .setOutcome(outcome)
                .build();
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(field + ": " + v + " is not a string");
        }
        return v.asText();
    }

    private static <E extends Enum<E>> E symbol(
            String field, String value, Class<E> type, boolean required) {
        String v = QueueFilter.blankToNull(value);
        if (v == null) {
            if (required) {
                throw new IllegalArgumentException(field + ": required, one of " + symbols(type));
            }
            return null;
        }
        try {
            return Enum.valueOf(type, v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    field + ": '" + v + "' is not one of " + symbols(type));
        }
    }

    private static String symbols(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants())
                .map(Enum::name)
                .collect(Collectors.joining(", "));
    }
}

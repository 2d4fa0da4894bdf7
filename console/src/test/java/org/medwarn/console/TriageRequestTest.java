package org.medwarn.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.medwarn.console.Json.obj;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.medwarn.avro.TriageAction;
import org.medwarn.avro.TriageActionType;
import org.medwarn.avro.TriageOutcome;

/** Validation of triage requests and the event they become. */
class TriageRequestTest {

    @Test
    void buildsTheEventWithANewIdTheActorAndTheWarningsKey() {
        TriageRequest r =
                TriageRequest.parse(obj("action", "VERIFY", "outcome", "DIBAO", "note", "已纳入"));
        ConsoleUser actor =
                new ConsoleUser("t1", "t1", ConsoleRole.TOWNSHIP_OFFICER, "371525101", "x");
        Instant now = Instant.parse("2025-03-04T02:00:00Z");
        TriageAction a =
                r.toAction(
                        obj(
                                "warning_id",
                                "P000000001-2025-2",
                                "psn_no",
                                "P000000001",
                                "year",
                                2025,
                                "sequence",
                                2),
                        actor,
                        now);
        assertThat(a.getActionId()).hasSize(36);
        assertThat(a.getWarningId()).isEqualTo("P000000001-2025-2");
        assertThat(a.getPsnNo()).isEqualTo("P000000001");
        assertThat(a.getYear()).isEqualTo(2025);
        assertThat(a.getSequence()).isEqualTo(2);
        assertThat(a.getAction()).isEqualTo(TriageActionType.VERIFY);
        assertThat(a.getOutcome()).isEqualTo(TriageOutcome.DIBAO);
        assertThat(a.getActor()).isEqualTo("t1");
        assertThat(a.getActorRole()).isEqualTo("TOWNSHIP_OFFICER");
        assertThat(a.getActionTime()).isEqualTo(now);
        assertThat(a.getNote()).isEqualTo("已纳入");
        assertThat(a.getAssignee()).isNull();
        TriageAction b = r.toAction(obj("warning_id", "x"), actor, now);
        assertThat(b.getActionId()).isNotEqualTo(a.getActionId());
        // Single-object encoding, readable with the schema's decoder.
        assertThat(TriageRequest.parse(obj("action", "CLOSE")).action())
                .isEqualTo(TriageActionType.CLOSE);
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndTheValue() {
        assertThatThrownBy(() -> TriageRequest.parse(obj()))
                .hasMessage(
                        "action: required, one of ACKNOWLEDGE, ASSIGN, VISIT, VERIFY, CLOSE,"
                                + " REOPEN");
        assertThatThrownBy(() -> TriageRequest.parse(obj("action", "ESCALATE")))
                .hasMessageStartingWith("action: 'ESCALATE' is not one of ACKNOWLEDGE");
        assertThatThrownBy(() -> TriageRequest.parse(obj("action", "ASSIGN")))
                .hasMessage("assignee: required for ASSIGN");
        assertThatThrownBy(() -> TriageRequest.parse(obj("action", "CLOSE", "assignee", "t1")))
                .hasMessage("assignee: 't1' is only for ASSIGN, not CLOSE");
        assertThatThrownBy(() -> TriageRequest.parse(obj("action", "VISIT", "note", "  ")))
                .hasMessage("note: required for VISIT (the visit note)");
        assertThatThrownBy(() -> TriageRequest.parse(obj("action", "VERIFY")))
                .hasMessageStartingWith("outcome: required for VERIFY, one of");
        assertThatThrownBy(() -> TriageRequest.parse(obj("action", "VERIFY", "outcome", "RICH")))
                .hasMessageStartingWith("outcome: 'RICH' is not one of");
        assertThatThrownBy(
                        () ->
                                TriageRequest.parse(
                                        obj("action", "VERIFY", "outcome", "NOT_ELIGIBLE")))
                .hasMessage("note: required for NOT_ELIGIBLE (the reason)");
        assertThatThrownBy(() -> TriageRequest.parse(obj("action", "CLOSE", "outcome", "DIBAO")))
                .hasMessage("outcome: 'DIBAO' is only for VERIFY, not CLOSE");
        assertThatThrownBy(() -> TriageRequest.parse(obj("action", "CLOSE", "when", "now")))
                .hasMessage("unknown field 'when'");
        assertThatThrownBy(() -> TriageRequest.parse(obj("action", 3)))
                .hasMessage("action: 3 is not a string");
        assertThatThrownBy(
                        () -> TriageRequest.parse(obj("action", "CLOSE", "note", "x".repeat(2001))))
                .hasMessage("note: 2001 characters, at most 2000");
        assertThatThrownBy(() -> TriageRequest.validWarningId("P1-2025"))
                .hasMessage("warning_id: 'P1-2025' is not psn_no-year-sequence");
        assertThat(TriageRequest.validWarningId("P-1-2025-3")).isEqualTo("P-1-2025-3");
    }
}

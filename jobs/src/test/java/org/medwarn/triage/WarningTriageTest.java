package org.medwarn.triage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.medwarn.avro.Category;
import org.medwarn.avro.DeadLetter;
import org.medwarn.avro.LedgerEntry;
import org.medwarn.avro.Level;
import org.medwarn.avro.TriageAction;
import org.medwarn.avro.TriageActionType;
import org.medwarn.avro.TriageOutcome;
import org.medwarn.avro.Trigger;
import org.medwarn.avro.Warning;
import org.medwarn.ingest.DeadLetters;
import org.medwarn.ingest.RawRecord;
import org.medwarn.policy.Policy;
import org.medwarn.policy.PolicyHistory;
import org.medwarn.policy.PolicyLoader;
import org.medwarn.region.RegionDirectory;
import org.medwarn.sink.search.IndexTemplates;
import org.medwarn.sink.search.SearchDocument;
import org.medwarn.sink.search.SearchDocuments;
import org.medwarn.time.ChinaTime;

/**
 * {@link WarningTriage} in Flink's keyed two-input harness: transitions, duplicates, invalid and
 * unknown actions, escalation, service-level timers, the ledger's triage status, state cleanup.
 */
class WarningTriageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Policy POLICY = PolicyLoader.defaultPolicy();
    private static final long DAY = 86_400_000L;
    private static final long T0 = ChinaTime.parse("2025-03-01 09:00:00");
    private static final long YEAR_CLOSES = POLICY.yearClosesAt(2025);

    private KeyedTwoInputStreamOperatorTestHarness<
                    String, MonitorOutput, TriageCommand, SearchDocument>
            h;
    private int actions;

    private void open(OperatorSubtaskState restoreFrom) throws Exception {
        SearchDocuments docs =
                new SearchDocuments(RegionDirectory.defaultDirectory(), PolicyHistory.of(POLICY));
        h =
                new KeyedTwoInputStreamOperatorTestHarness<>(
                        new KeyedCoProcessOperator<>(new WarningTriage(POLICY, docs)),
                        MonitorOutput::psnNo,
                        TriageCommand::psnNo,
                        Types.STRING);
        // State must serialize as POJOs: no Kryo fallback.
        ((SerializerConfigImpl) h.getExecutionConfig().getSerializerConfig())
                .setGenericTypes(false);
        if (restoreFrom != null) {
            h.initializeState(restoreFrom);
        }
        h.open();
    }

    static Warning warning(int sequence, Level from, Level to, long eventTime) {
        return Warning.newBuilder()
                .setPsnNo("P001")
                .setYear(2025)
                .setSequence(sequence)
                .setCategory(Category.ORDINARY)
                .setFromLevel(from)
                .setToLevel(to)
                .setAnnualSelfPay(new BigDecimal("100000.00"))
                .setTrigger(Trigger.SETTLEMENT)
                .setSetlId("S" + sequence)
                .setEventTime(Instant.ofEpochMilli(eventTime))
                .setPolicyVersion(POLICY.version())
                .setCountyCode("371525")
                .setTownshipCode("371525101")
                .setVillageCode("371525101201")
                .build();
    }

    static LedgerEntry ledger(Level level, long revision) {
        return LedgerEntry.newBuilder()
                .setPsnNo("P001")
                .setYear(2025)
                .setCategory(Category.ORDINARY)
                .setLevel(level)
                .setAnnualSelfPay(new BigDecimal("100000.00"))
                .setSettlementsCounted(3)
                .setCountyCode("371525")
                .setTownshipCode("371525101")
                .setVillageCode("371525101201")
                .setPolicyVersion(POLICY.version())
                .setRegistryMissing(false)
                .setClosed(false)
                .setRevision(revision)
                .build();
    }

    private TriageAction.Builder action(int sequence, TriageActionType type) {
        return TriageAction.newBuilder()
                .setActionId("A" + ++actions)
                .setWarningId("P001-2025-" + sequence)
                .setPsnNo("P001")
                .setYear(2025)
                .setSequence(sequence)
                .setAction(type)
                .setActor("officer1")
                .setActorRole("COUNTY_OFFICER")
                .setActionTime(Instant.ofEpochMilli(T0));
    }

    private void send(Warning w) throws Exception {
        h.processElement1(new StreamRecord<>(MonitorOutput.of(w), w.getEventTime().toEpochMilli()));
    }

    private void send(LedgerEntry l) throws Exception {
        h.processElement1(new StreamRecord<>(MonitorOutput.of(l)));
    }

    private void send(TriageAction.Builder a) throws Exception {
        send(a.build());
    }

    private void send(TriageAction a) throws Exception {
        RawRecord raw =
                new RawRecord(
                        RawRecord.InputKind.TRIAGE,
                        RawRecord.Encoding.AVRO,
                        "triage",
                        0,
                        actions,
                        toBytes(a));
        h.processElement2(new StreamRecord<>(new TriageCommand(a, raw)));
    }

    private static byte[] toBytes(TriageAction a) throws Exception {
        ByteBuffer b = a.toByteBuffer();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return bytes;
    }

    /** Settlements' event time reaches {@code t} (the actions' input has none). */
    private void watermark(long t) throws Exception {
        h.processWatermark1(new org.apache.flink.streaming.api.watermark.Watermark(t));
        h.processWatermark2(new org.apache.flink.streaming.api.watermark.Watermark(Long.MAX_VALUE));
    }

    /** Documents written since the last call, as (index/id v version, source). */
    private List<Doc> docs() throws Exception {
        List<Doc> out = new ArrayList<>();
        for (SearchDocument d : h.extractOutputValues()) {
            out.add(new Doc(d, JSON.readTree(d.source)));
        }
        h.getOutput().clear();
        return out;
    }

    private List<DeadLetter> deadLetters() {
        List<DeadLetter> out = new ArrayList<>();
        Queue<StreamRecord<DeadLetter>> q = h.getSideOutput(DeadLetters.TAG);
        if (q != null) {
            for (StreamRecord<DeadLetter> r; (r = q.poll()) != null; ) {
                out.add(r.getValue());
            }
        }
        return out;
    }

    record Doc(SearchDocument d, JsonNode s) {
        String status() {
            return s.get("status").asText();
        }
    }

    private static String iso(long t) {
        return ChinaTime.formatIso(t);
    }

    @Test
    void aWarningUpIsANewCaseWithDeadlinesOfItsLevelWrittenAsAVersionedWholeDocument()
            throws Exception {
        open(null);
        send(warning(1, Level.NONE, Level.RED, T0));
        List<Doc> out = docs();
        assertThat(out).hasSize(1);
        Doc d = out.get(0);
        assertThat(d.d().index).isEqualTo(IndexTemplates.WARNINGS);
        assertThat(d.d().id).isEqualTo("P001-2025-1");
        assertThat(d.d().op).isEqualTo(SearchDocument.Op.INDEX);
        assertThat(d.d().version).isEqualTo(1L);
        assertThat(d.status()).isEqualTo("NEW");
        assertThat(d.s().get("ack_due").asText()).isEqualTo(iso(T0 + DAY));
        assertThat(d.s().get("visit_due").asText()).isEqualTo(iso(T0 + 3 * DAY));
        assertThat(d.s().get("overdue").asBoolean()).isFalse();
        assertThat(d.s().get("handled").asBoolean()).isFalse();
        assertThat(d.s().get("history")).isEmpty();
        // the two deadlines and the end of the year
        assertThat(h.numEventTimeTimers()).isEqualTo(3);
        assertThat(h.numKeyedStateEntries()).isEqualTo(1);
    }

    @Test
    void actionsMoveTheCaseToClosedWithTheWholeAuditTrailAndDeadlineTimersGo() throws Exception {
        open(null);
        send(warning(1, Level.NONE, Level.RED, T0));
        docs();
        watermark(T0 + 3_600_000L);
        send(action(1, TriageActionType.ACKNOWLEDGE));
        send(action(1, TriageActionType.ASSIGN).setAssignee("township101"));
        watermark(T0 + DAY + 3_600_000L);
        send(action(1, TriageActionType.VISIT).setNote("入户走访: 住院中"));
        send(
                action(1, TriageActionType.VERIFY)
                        .setOutcome(TriageOutcome.ENROLLED_MEDICAL_ASSISTANCE));
        send(action(1, TriageActionType.CLOSE));
        List<Doc> out = docs();
        assertThat(out)
                .extracting(Doc::status)
                .containsExactly("ACKNOWLEDGED", "ASSIGNED", "VISITED", "VERIFIED", "CLOSED");
        assertThat(out).extracting(d -> d.d().version).containsExactly(2L, 3L, 4L, 5L, 6L);
        JsonNode last = out.get(4).s();
        assertThat(last.get("assignee").asText()).isEqualTo("township101");
        assertThat(last.get("outcome").asText()).isEqualTo("ENROLLED_MEDICAL_ASSISTANCE");
        assertThat(last.get("acknowledged_time").asText()).isEqualTo(iso(T0 + 3_600_000L));
        assertThat(last.get("visited_time").asText()).isEqualTo(iso(T0 + DAY + 3_600_000L));
        assertThat(last.get("handled").asBoolean()).isTrue();
        assertThat(last.get("ack_overdue").asBoolean()).isFalse();
        JsonNode history = last.get("history");
        assertThat(history).hasSize(5);
        assertThat(history.get(0).get("action").asText()).isEqualTo("ACKNOWLEDGE");
        assertThat(history.get(0).get("actor").asText()).isEqualTo("officer1");
        assertThat(history.get(0).get("actor_role").asText()).isEqualTo("COUNTY_OFFICER");
        assertThat(history.get(0).get("applied_time").asText()).isEqualTo(iso(T0 + 3_600_000L));
        assertThat(history.get(2).get("note").asText()).isEqualTo("入户走访: 住院中");
        assertThat(history.get(4).get("status").asText()).isEqualTo("CLOSED");
        assertThat(deadLetters()).isEmpty();
        // closed: only the year-end timer is left; the case stays until the year closes
        assertThat(h.numEventTimeTimers()).isEqualTo(1);
        watermark(YEAR_CLOSES);
        assertThat(docs()).isEmpty();
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
    }

    @Test
    void aResentActionIdIsAppliedOnce() throws Exception {
        open(null);
        send(warning(1, Level.NONE, Level.YELLOW, T0));
        docs();
        TriageAction ack = action(1, TriageActionType.ACKNOWLEDGE).build();
        send(ack);
        send(ack);
        assertThat(docs()).hasSize(1);
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void actionsThatBreakARuleAreDeadLetteredNamingTheFieldAndValue() throws Exception {
        open(null);
        send(warning(1, Level.NONE, Level.YELLOW, T0));
        docs();
        send(action(1, TriageActionType.VERIFY));
        send(action(1, TriageActionType.VERIFY).setOutcome(TriageOutcome.NOT_ELIGIBLE));
        send(action(1, TriageActionType.ASSIGN));
        send(action(1, TriageActionType.VISIT));
        send(action(1, TriageActionType.ACKNOWLEDGE).setActorRole("LEADERSHIP"));
        send(action(1, TriageActionType.ACKNOWLEDGE).setOutcome(TriageOutcome.DIBAO));
        send(action(1, TriageActionType.ACKNOWLEDGE).setWarningId("P001-2025-9"));
        send(action(1, TriageActionType.REOPEN));
        send(action(1, TriageActionType.CLOSE));
        List<DeadLetter> rejected = deadLetters();
        assertThat(rejected).extracting(DeadLetter::getReason).containsOnly("TRIAGE_INVALID");
        assertThat(rejected)
                .extracting(DeadLetter::getDetail)
                .satisfiesExactly(
                        d -> assertThat(d).startsWith("outcome: missing for VERIFY"),
                        d -> assertThat(d).startsWith("note: missing for VERIFY with outcome"),
                        d -> assertThat(d).startsWith("assignee: missing for ASSIGN"),
                        d -> assertThat(d).startsWith("note: missing for VISIT"),
                        d -> assertThat(d).startsWith("actor_role: 'LEADERSHIP' is not one of"),
                        d -> assertThat(d).startsWith("outcome: 'DIBAO' is only for VERIFY"),
                        d ->
                                assertThat(d)
                                        .startsWith(
                                                "warning_id: 'P001-2025-9' is not"
                                                        + " psn_no-year-sequence"),
                        d -> assertThat(d).contains("REOPEN of warning P001-2025-1 whose status"),
                        d -> assertThat(d).startsWith("note: missing for CLOSE"));
        assertThat(rejected.get(0).getPsnNo()).isEqualTo("P001");
        assertThat(rejected.get(0).getSource()).isEqualTo("triage");
        assertThat(rejected.get(0).getRaw().remaining()).isPositive();
        assertThat(docs()).isEmpty();
    }

    @Test
    void anActionOnAnUnknownWarningIsDeadLettered() throws Exception {
        open(null);
        send(action(1, TriageActionType.ACKNOWLEDGE));
        send(warning(1, Level.NONE, Level.YELLOW, T0));
        send(action(2, TriageActionType.ACKNOWLEDGE));
        assertThat(deadLetters())
                .extracting(d -> d.getReason() + " " + d.getDetail())
                .containsExactly(
                        "TRIAGE_UNKNOWN_WARNING warning_id: 'P001-2025-1' is not a warning the"
                                + " job knows (never emitted, or its year has closed and its case"
                                + " was done)",
                        "TRIAGE_UNKNOWN_WARNING warning_id: 'P001-2025-2' is not a warning the"
                                + " job knows (never emitted, or its year has closed and its case"
                                + " was done)");
    }

    @Test
    void deadlinesPassingWithoutTheActionFlagTheCaseOverdueByEventTimeTimers() throws Exception {
        open(null);
        send(warning(1, Level.NONE, Level.RED, T0));
        docs();
        watermark(T0 + DAY - 1);
        assertThat(docs()).isEmpty();
        watermark(T0 + DAY);
        Doc ackLate = docs().get(0);
        assertThat(ackLate.s().get("ack_overdue").asBoolean()).isTrue();
        assertThat(ackLate.s().get("overdue").asBoolean()).isTrue();
        send(action(1, TriageActionType.ACKNOWLEDGE));
        Doc acked = docs().get(0);
        assertThat(acked.s().get("ack_overdue").asBoolean()).as("the SLA was missed").isTrue();
        assertThat(acked.s().get("overdue").asBoolean()).as("nothing pending is late").isFalse();
        watermark(T0 + 3 * DAY);
        Doc visitLate = docs().get(0);
        assertThat(visitLate.s().get("visit_overdue").asBoolean()).isTrue();
        assertThat(visitLate.s().get("overdue").asBoolean()).isTrue();
        assertThat(h.numEventTimeTimers()).as("the year end").isEqualTo(1);
    }

    @Test
    void anEscalationSupersedesEarlierCasesAndAnActionOnThemReopensThem() throws Exception {
        open(null);
        send(warning(1, Level.NONE, Level.YELLOW, T0));
        send(action(1, TriageActionType.ACKNOWLEDGE));
        docs();
        send(warning(2, Level.YELLOW, Level.RED, T0 + DAY));
        List<Doc> out = docs();
        assertThat(out)
                .extracting(d -> d.d().id + " " + d.status())
                .containsExactly("P001-2025-2 NEW", "P001-2025-1 ACKNOWLEDGED");
        assertThat(out.get(0).s().get("escalated_from").asText()).isEqualTo("P001-2025-1");
        assertThat(out.get(0).s().get("ack_due").asText()).isEqualTo(iso(T0 + 2 * DAY));
        assertThat(out.get(1).s().get("superseded_by").asText()).isEqualTo("P001-2025-2");
        // the officer, still on the yellow case, verifies it: recorded, and the case reopens
        send(action(1, TriageActionType.VERIFY).setOutcome(TriageOutcome.OTHER_HELP));
        Doc reopened = docs().get(0);
        assertThat(reopened.status()).isEqualTo("REOPENED");
        assertThat(reopened.s().get("superseded_by").asText()).isEqualTo("P001-2025-2");
        JsonNode last = reopened.s().get("history").get(1);
        assertThat(last.get("action").asText()).isEqualTo("VERIFY");
        assertThat(last.get("reopened_by").asText()).isEqualTo("P001-2025-2");
        // from then on the rules apply as usual
        send(action(1, TriageActionType.CLOSE).setNote("handled with the red case"));
        assertThat(docs()).extracting(Doc::status).containsExactly("CLOSED");
        // a superseded case is not overdue: the red one has its deadlines (ack, then visit)
        watermark(T0 + 20 * DAY);
        assertThat(docs())
                .extracting(d -> d.d().id + " " + d.s().get("overdue").asBoolean())
                .containsExactly("P001-2025-2 true", "P001-2025-2 true");
    }

    /**
     * Whether the watermark reached a case's deadlines before its escalation arrived depends on how
     * fast the records were read (a restart re-reading a backlog); the documents must not.
     */
    @Test
    void anEscalationAfterMissedDeadlinesWritesTheSameDocumentsWhereverTheWatermarkIs()
            throws Exception {
        List<String> slow = escalationAfterDeadlines(true);
        List<String> fast = escalationAfterDeadlines(false);
        assertThat(fast).isEqualTo(slow);
        assertThat(slow)
                .containsExactly(
                        "P001-2025-1 v1 ack=false visit=false superseded=false",
                        "P001-2025-1 v2 ack=true visit=false superseded=false",
                        "P001-2025-1 v3 ack=true visit=true superseded=false",
                        "P001-2025-2 v1 ack=false visit=false superseded=false",
                        "P001-2025-1 v4 ack=true visit=true superseded=true");
    }

    /** BLUE at T0, YELLOW 40 days later; the watermark passes the deadlines first or not. */
    private List<String> escalationAfterDeadlines(boolean watermarkFirst) throws Exception {
        open(null);
        send(warning(1, Level.NONE, Level.BLUE, T0));
        long escalation = T0 + 40 * DAY;
        if (watermarkFirst) {
            watermark(escalation - 1);
        }
        send(warning(2, Level.BLUE, Level.YELLOW, escalation));
        List<String> out = new ArrayList<>();
        for (Doc d : docs()) {
            out.add(
                    d.d().id
                            + " v"
                            + d.s().get("revision").asInt()
                            + " ack="
                            + d.s().get("ack_overdue").asBoolean()
                            + " visit="
                            + d.s().get("visit_overdue").asBoolean()
                            + " superseded="
                            + !d.s().get("superseded_by").isNull());
        }
        h.close();
        return out;
    }

    @Test
    void aClosedCaseThatEscalatesStaysClosedUntilActedOn() throws Exception {
        open(null);
        send(warning(1, Level.NONE, Level.YELLOW, T0));
        send(action(1, TriageActionType.CLOSE).setNote("family already on 低保"));
        docs();
        send(warning(2, Level.YELLOW, Level.RED, T0 + DAY));
        assertThat(docs())
                .extracting(d -> d.d().id + " " + d.status())
                .containsExactly("P001-2025-2 NEW", "P001-2025-1 CLOSED");
        send(action(1, TriageActionType.ACKNOWLEDGE));
        assertThat(docs()).extracting(Doc::status).containsExactly("REOPENED");
    }

    @Test
    void theLedgerDocumentCarriesTheTriageStatusOfTheYearsLatestWarning() throws Exception {
        open(null);
        send(ledger(Level.NONE, 1));
        Doc plain = docs().get(0);
        assertThat(plain.d().index).isEqualTo(IndexTemplates.LEDGER);
        assertThat(plain.d().version).isEqualTo(1L);
        assertThat(plain.s().has("triage_status")).isFalse();
        assertThat(h.numKeyedStateEntries()).as("no state for persons without a level").isZero();

        send(ledger(Level.YELLOW, 2)); // the row may overtake its warning
        send(warning(1, Level.NONE, Level.YELLOW, T0));
        List<Doc> out = docs();
        assertThat(out)
                .extracting(
                        d -> d.d().index + " v" + d.d().version + " " + d.s().get("triage_status"))
                .containsExactly(
                        "medwarn-ledger v2 null",
                        "medwarn-warnings v1 null",
                        "medwarn-ledger v3 \"NEW\"");
        send(action(1, TriageActionType.ACKNOWLEDGE));
        out = docs();
        assertThat(out.get(1).d().version).isEqualTo(4L);
        assertThat(out.get(1).s().get("triage_status").asText()).isEqualTo("ACKNOWLEDGED");
        send(ledger(Level.YELLOW, 3));
        Doc next = docs().get(0);
        assertThat(next.d().version).as("revision 3 + 2 triage writes").isEqualTo(5L);
        assertThat(next.s().get("triage_status").asText()).isEqualTo("ACKNOWLEDGED");
    }

    @Test
    void whenTheYearClosesCasesNeedingNoActionGoAndOpenCasesStayUntilClosed() throws Exception {
        open(null);
        send(ledger(Level.YELLOW, 1));
        send(warning(1, Level.NONE, Level.YELLOW, T0));
        send(warning(2, Level.YELLOW, Level.NONE, T0 + DAY));
        send(warning(3, Level.NONE, Level.RED, T0 + 2 * DAY));
        watermark(YEAR_CLOSES);
        docs();
        // 1 superseded and 2 down need no action; 3 is open (and overdue)
        assertThat(h.numKeyedStateEntries()).isEqualTo(1);
        send(action(1, TriageActionType.ACKNOWLEDGE));
        assertThat(deadLetters())
                .extracting(DeadLetter::getReason)
                .containsExactly("TRIAGE_UNKNOWN_WARNING");
        send(action(3, TriageActionType.CLOSE).setNote("moved away"));
        assertThat(docs())
                .extracting(d -> d.d().id + " " + d.s().get("triage_status") + d.s().get("status"))
                .containsExactly("P001-2025-3 null\"CLOSED\"", "P001-2025 \"CLOSED\"null");
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
    }

    @Test
    void casesSurviveASnapshotAndRestore() throws Exception {
        open(null);
        send(warning(1, Level.NONE, Level.RED, T0));
        send(action(1, TriageActionType.ACKNOWLEDGE));
        OperatorSubtaskState snapshot = h.snapshot(1, 1);
        h.close();
        open(snapshot);
        send(action(1, TriageActionType.VISIT).setNote("visited"));
        Doc d = docs().get(0);
        assertThat(d.status()).isEqualTo("VISITED");
        assertThat(d.d().version).isEqualTo(3L);
        assertThat(d.s().get("history")).hasSize(2);
        h.close();
    }
}

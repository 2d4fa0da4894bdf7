package org.medwarn.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medwarn.state.TestEvents.record;
import static org.medwarn.state.TestEvents.registry;
import static org.medwarn.state.TestEvents.reversal;
import static org.medwarn.state.TestEvents.settlement;
import static org.medwarn.state.TestEvents.settlementInsuredIn;
import static org.medwarn.state.TestEvents.t;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.medwarn.avro.Category;
import org.medwarn.avro.DeadLetter;
import org.medwarn.avro.LedgerEntry;
import org.medwarn.avro.Warning;
import org.medwarn.ingest.DeadLetters;
import org.medwarn.ingest.MonitoringEvent;
import org.medwarn.ingest.PolicyUpdate;
import org.medwarn.policy.Policy;
import org.medwarn.policy.PolicyHistory;
import org.medwarn.policy.PolicyLoader;

/**
 * The Rules of DOMAIN.md §5 as implemented by {@link SelfPayMonitor}, one nested class per Rule,
 * run in Flink's keyed operator harness with event time driven by explicit watermarks. Every output
 * is rendered to one line (see {@link TestEvents}) and asserted exactly.
 */
class SelfPayMonitorTest {
    private static final String P = "P001";
    private static final String Q = "P002";
    private static final String VILLAGE = "371525101203"; // 贾镇 101, village 203
    private static final String REGION = "region=371525/371525101/371525101203";
    private static final String NO_REGION = "region=371525/null/null";
    private static final String POLICY = "policy=default-2022";

    /** 2025 closes at the end of 31 March 2026, China time (default late-settlement bound). */
    private static final long CLOSE_2025 = t("2026-04-01 00:00:00");

    private KeyedBroadcastOperatorTestHarness<String, MonitoringEvent, PolicyUpdate, Warning>
            harness;

    @BeforeEach
    void openHarness() throws Exception {
        harness = open(PolicyLoader.defaultPolicy(), null);
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    private static KeyedBroadcastOperatorTestHarness<String, MonitoringEvent, PolicyUpdate, Warning>
            open(Policy policy, OperatorSubtaskState restoreFrom) throws Exception {
        return MonitorHarness.open(PolicyHistory.of(policy), restoreFrom);
    }

    // --- driving and draining the harness ---

    private void process(MonitoringEvent... events) throws Exception {
        for (MonitoringEvent e : events) {
            harness.processElement(record(e));
        }
    }

    private void watermark(String chinaTime) throws Exception {
        harness.processWatermark(t(chinaTime));
    }

    private void watermark(long millis) throws Exception {
        harness.processWatermark(millis);
    }

    /** The warnings emitted since the last call, rendered. */
    private List<String> warnings() {
        return MonitorHarness.warnings(harness);
    }

    private List<String> deadLetters() {
        List<String> out = new ArrayList<>();
        for (DeadLetter d : drain(DeadLetters.TAG)) {
            out.add(TestEvents.render(d));
        }
        return out;
    }

    private List<String> ledger() {
        List<String> out = new ArrayList<>();
        for (LedgerEntry l : drain(SelfPayMonitor.LEDGER)) {
            out.add(TestEvents.render(l));
        }
        return out;
    }

    private List<DeadLetter> deadLetterRecords() {
        return drain(DeadLetters.TAG);
    }

    private List<LedgerEntry> ledgerRecords() {
        return drain(SelfPayMonitor.LEDGER);
    }

    private <T> List<T> drain(OutputTag<T> tag) {
        return MonitorHarness.drain(harness, tag);
    }

    private void assertNoOutput() {
        assertThat(warnings()).isEmpty();
        assertThat(deadLetters()).isEmpty();
        assertThat(ledger()).isEmpty();
    }

    private void assisted(String psn) throws Exception {
        process(registry(psn, Category.ASSISTED, "低保对象", VILLAGE, "2024-01-01 00:00:00"));
    }

    private void ordinary(String psn) throws Exception {
        process(registry(psn, Category.ORDINARY, null, VILLAGE, "2024-01-01 00:00:00"));
    }

    /** Keyed state entries of every person (heap backend), as the one-input harness counts them. */
    private int numKeyedStateEntries() {
        return ((org.apache.flink.runtime.state.heap.HeapKeyedStateBackend<?>)
                        harness.getOperator().getKeyedStateBackend())
                .numKeyValueStateEntries();
    }

    /** The person's state as stored, or null. */
    private PersonState personState(String psn) throws Exception {
        harness.getOperator().setCurrentKey(psn);
        ValueState<PersonState> state =
                harness.getOperator()
                        .getPartitionedState(
                                VoidNamespace.INSTANCE,
                                VoidNamespaceSerializer.INSTANCE,
                                SelfPayMonitor.PERSON);
        return state.value();
    }

    /** Rule — a level is reached when the annual total is >= its threshold, per category. */
    @Nested
    class LevelRule {
        @Test
        void assistedIsNoneAt29999_99AndBlueAtExactly30000() throws Exception {
            assisted(P);
            process(settlement(P, "S1", "2025-03-01 10:00:00", "29999.99"));
            assertThat(warnings()).isEmpty();
            assertThat(ledger())
                    .containsExactly(
                            "P001 2025 ASSISTED[低保对象] NONE total=29999.99 n=1 "
                                    + REGION
                                    + " missing=false closed=false");

            process(settlement(P, "S2", "2025-03-02 10:00:00", "0.01"));
            assertThat(warnings())
                    .containsExactly(
                            "P001 2025 #1 ASSISTED[低保对象] NONE->BLUE total=30000.00"
                                    + " threshold=30000.00 SETTLEMENT S2 @2025-03-02 10:00:00 "
                                    + REGION
                                    + " missing=false "
                                    + POLICY);
            assertThat(ledger())
                    .containsExactly(
                            "P001 2025 ASSISTED[低保对象] BLUE total=30000.00 n=2 "
                                    + REGION
                                    + " missing=false closed=false");
            assertThat(deadLetters()).isEmpty();
        }

        @Test
        void ordinaryHasNoBlueAndReachesYellowAndRedAtExactThresholds() throws Exception {
            ordinary(P);
            process(settlement(P, "S1", "2025-03-01 10:00:00", "30000.00"));
            process(settlement(P, "S2", "2025-03-02 10:00:00", "69999.99"));
            assertThat(warnings()).as("no blue level for ordinary insured").isEmpty();

            process(settlement(P, "S3", "2025-03-03 10:00:00", "0.01"));
            process(settlement(P, "S4", "2025-03-04 10:00:00", "199999.99"));
            process(settlement(P, "S5", "2025-03-05 10:00:00", "0.01"));
            assertThat(warnings())
                    .containsExactly(
                            "P001 2025 #1 ORDINARY[null] NONE->YELLOW total=100000.00"
                                    + " threshold=100000.00 SETTLEMENT S3 @2025-03-03 10:00:00 "
                                    + REGION
                                    + " missing=false "
                                    + POLICY,
                            "P001 2025 #2 ORDINARY[null] YELLOW->RED total=300000.00"
                                    + " threshold=300000.00 SETTLEMENT S5 @2025-03-05 10:00:00 "
                                    + REGION
                                    + " missing=false "
                                    + POLICY);
            assertThat(ledger()).hasSize(5).last().asString().contains("RED total=300000.00 n=5");
        }

        @Test
        void levelSkipNoneToRedIsOneWarning() throws Exception {
            assisted(P);
            process(settlement(P, "S1", "2025-03-01 10:00:00", "300000.00"));
            assertThat(warnings())
                    .containsExactly(
                            "P001 2025 #1 ASSISTED[低保对象] NONE->RED total=300000.00"
                                    + " threshold=300000.00 SETTLEMENT S1 @2025-03-01 10:00:00 "
                                    + REGION
                                    + " missing=false "
                                    + POLICY);
            List<LedgerEntry> ledger = ledgerRecords();
            assertThat(ledger).hasSize(1);
            // Skipped levels count as reached at the same moment.
            assertThat(ledger.get(0).getFirstBlueTime().toEpochMilli())
                    .isEqualTo(t("2025-03-01 10:00:00"));
            assertThat(ledger.get(0).getFirstYellowTime().toEpochMilli())
                    .isEqualTo(t("2025-03-01 10:00:00"));
            assertThat(ledger.get(0).getFirstRedTime().toEpochMilli())
                    .isEqualTo(t("2025-03-01 10:00:00"));
        }

        @Test
        void stepByStepGivesOneWarningPerStep() throws Exception {
            assisted(P);
            process(
                    settlement(P, "S1", "2025-03-01 10:00:00", "30000.00"),
                    settlement(P, "S2", "2025-04-01 10:00:00", "70000.00"),
                    settlement(P, "S3", "2025-05-01 10:00:00", "1000.00"),
                    settlement(P, "S4", "2025-06-01 10:00:00", "199000.00"));
            assertThat(warnings())
                    .containsExactly(
                            "P001 2025 #1 ASSISTED[低保对象] NONE->BLUE total=30000.00"
                                    + " threshold=30000.00 SETTLEMENT S1 @2025-03-01 10:00:00 "
                                    + REGION
                                    + " missing=false "
                                    + POLICY,
                            "P001 2025 #2 ASSISTED[低保对象] BLUE->YELLOW total=100000.00"
                                    + " threshold=100000.00 SETTLEMENT S2 @2025-04-01 10:00:00 "
                                    + REGION
                                    + " missing=false "
                                    + POLICY,
                            "P001 2025 #3 ASSISTED[低保对象] YELLOW->RED total=300000.00"
                                    + " threshold=300000.00 SETTLEMENT S4 @2025-06-01 10:00:00 "
                                    + REGION
                                    + " missing=false "
                                    + POLICY);
            List<LedgerEntry> ledger = ledgerRecords();
            assertThat(ledger).hasSize(4);
            LedgerEntry last = ledger.get(3);
            assertThat(last.getFirstBlueTime().toEpochMilli()).isEqualTo(t("2025-03-01 10:00:00"));
            assertThat(last.getFirstYellowTime().toEpochMilli())
                    .isEqualTo(t("2025-04-01 10:00:00"));
            assertThat(last.getFirstRedTime().toEpochMilli()).isEqualTo(t("2025-06-01 10:00:00"));
            assertThat(last.getLastSetlTime().toEpochMilli()).isEqualTo(t("2025-06-01 10:00:00"));
        }

        @Test
        void personsAreIndependent() throws Exception {
            assisted(P);
            assisted(Q);
            process(
                    settlement(P, "S1", "2025-03-01 10:00:00", "20000.00"),
                    settlement(Q, "S2", "2025-03-01 11:00:00", "20000.00"));
            assertThat(warnings()).isEmpty();
        }
    }

    /** Rule — duplicates: a setl_id already counted is ignored. */
    @Nested
    class DuplicateRule {
        @Test
        void redeliveredSettlementIsIgnored() throws Exception {
            assisted(P);
            process(settlement(P, "S1", "2025-03-01 10:00:00", "20000.00"));
            ledger();
            process(settlement(P, "S1", "2025-03-01 10:00:00", "20000.00"));
            assertNoOutput();

            process(settlement(P, "S2", "2025-03-02 10:00:00", "9999.99"));
            assertThat(warnings()).as("20000.00 + 9999.99, S1 counted once").isEmpty();
            assertThat(ledger())
                    .containsExactly(
                            "P001 2025 ASSISTED[低保对象] NONE total=29999.99 n=2 "
                                    + REGION
                                    + " missing=false closed=false");
        }

        @Test
        void sameSetlIdWithOtherAmountIsConflictingDuplicateAndFirstIsKept() throws Exception {
            assisted(P);
            process(settlement(P, "S1", "2025-03-01 10:00:00", "20000.00"));
            ledger();
            process(settlement(P, "S1", "2025-03-01 10:00:00", "20000.01"));
            List<DeadLetter> dead = deadLetterRecords();
            assertThat(dead)
                    .extracting(TestEvents::render)
                    .containsExactly("CONFLICTING_DUPLICATE P001/S1 @2025-03-01 10:00:00");
            assertThat(dead.get(0).getDetail()).contains("S1");
            assertThat(warnings()).isEmpty();
            assertThat(ledger()).isEmpty();

            process(settlement(P, "S2", "2025-03-02 10:00:00", "10000.00"));
            assertThat(warnings())
                    .containsExactly(
                            "P001 2025 #1 ASSISTED[低保对象] NONE->BLUE total=30000.00"
                                    + " threshold=30000.00 SETTLEMENT S2 @2025-03-02 10:00:00 "
                                    + REGION
                                    + " missing=false "
                                    + POLICY);
        }

        @Test
        void sameSetlIdAtAnotherTimeIsConflictingDuplicate() throws Exception {
            assisted(P);
            process(settlement(P, "S1", "2025-03-01 10:00:00", "20000.00"));
            process(settlement(P, "S1", "2025-03-05 10:00:00", "20000.00"));
            assertThat(deadLetters())
                    .containsExactly("CONFLICTING_DUPLICATE P001/S1 @2025-03-05 10:00:00");
        }

        @Test
        void reusingAReversalsSetlIdForANormalSettlementIsAConflict() throws Exception {
            assisted(P);
            process(
                    settlement(P, "S1", "2025-03-01 10:00:00", "20000.00"),
                    reversal(P, "R1", "S1", "2025-03-02 10:00:00", "-20000.00"));
            ledger();
            process(settlement(P, "R1", "2025-03-02 10:00:00", "50000.00"));
            assertThat(deadLetters())
                    .containsExactly("CONFLICTING_DUPLICATE P001/R1 @2025-03-02 10:00:00");
            assertThat(warnings()).isEmpty();
            assertThat(ledger()).isEmpty();
        }
    }

    /** Rule — reversals cancel the original; the level may fall. */
    @Nested
    class ReversalRule {
        @Test
        void reversalCancelsOriginalAndLevelFallsWithDownwardWarning() throws Exception {
            assisted(P);
            process(
                    settlement(P, "S1", "2025-03-01 10:00:00", "25000.00"),
                    settlement(P, "S2", "2025-04-01 10:00:00", "80000.00"));
            assertThat(warnings())
                    .containsExactly(
                            "P001 2025 #1 ASSISTED[低保对象] NONE->YELLOW total=105000.00"
                                    + " threshold=100000.00 SETTLEMENT S2 @2025-04-01 10:00:00 "
                                    + REGION
                                    + " missing=false "
                                    + POLICY);
            ledger();

            process(reversal(P, "R2", "S2", "2025-04-05 09:30:00", "-80000.00"));
            assertThat(warnings())
                    .containsExactly(
                            "P001 2025 #2 ASSISTED[低保对象] YELLOW->NONE total=25000.00"
                                    + " threshold=100000.00 REVERSAL R2 @2025-04-05 09:30:00 "
                                    + REGION
                                    + " missing=false "
                                    + POLICY);
            assertThat(ledger())
                    .containsExactly(
                            "P001 2025 ASSISTED[低保对象] NONE total=25000.00 n=1 "
                                    + REGION
                                    + " missing=false closed=false");
            assertThat(deadLetters()).isEmpty();
        }

        @Test
        void reversalCancelsTheOriginalsSelfPayWhateverItsOwnAmounts() throws Exception {
            assisted(P);
            process(settlement(P, "S1", "2025-03-01 10:00:00", "30000.00"));
            warnings();
            // A partial refund row still cancels the whole original (the original is replaced).
            process(reversal(P, "R1", "S1", "2025-03-02 10:00:00", "-100.00"));
            assertThat(warnings())
                    .containsExactly(
                            "P001 2025 #2 ASSISTED[低保对象] BLUE->NONE total=0.00"
                                    + " threshold=30000.00 REVERSAL R1 @2025-03-02 10:00:00 "
                                    + REGION
                                    + " missing=false "
                                    + POLICY);
        }

        @Test
        void redeliveredReversalIsIgnored() throws Exception {
            assisted(P);
            process(
                    settlement(P, "S1", "2025-03-01 10:00:00", "30000.00"),
                    reversal(P, "R1", "S1", "2025-03-02 10:00:00", "-30000.00"));
            assertThat(warnings()).hasSize(2);
            ledger();

            process(reversal(P, "R1", "S1", "2025-03-02 10:00:00", "-30000.00"));
            assertNoOutput();
            // and the original redelivered after its reversal is not counted again
            process(settlement(P, "S1", "2025-03-01 10:00:00", "30000.00"));
            assertNoOutput();
        }

        @Test
        void secondDifferentReversalOfSameOriginalIsRejected() throws Exception {
            assisted(P);
            process(
                    settlement(P, "S1", "2025-03-01 10:00:00", "30000.00"),
                    reversal(P, "R1", "S1", "2025-03-02 10:00:00", "-30000.00"));
            warnings();
            ledger();

            process(reversal(P, "R9", "S1", "2025-03-03 10:00:00", "-30000.00"));
            assertThat(deadLetters())
                    .containsExactly("REVERSAL_ALREADY_APPLIED P001/R9 @2025-03-03 10:00:00");
            assertThat(warnings()).isEmpty();
            assertThat(ledger()).isEmpty();
        }

        @Test
        void reversalOfAReversalIsBadReversal() throws Exception {
            assisted(P);
            process(
                    settlement(P, "S1", "2025-03-01 10:00:00", "30000.00"),
                    reversal(P, "R1", "S1", "2025-03-02 10:00:00", "-30000.00"));
            warnings();
            ledger();
            process(reversal(P, "R2", "R1", "2025-03-03 10:00:00", "30000.00"));
            assertThat(deadLetters()).containsExactly("BAD_REVERSAL P001/R2 @2025-03-03 10:00:00");
            assertThat(warnings()).isEmpty();
        }

        @Test
        void reversalInTheNextYearReducesTheOriginalsYear() throws Exception {
            assisted(P);
            process(
                    settlement(P, "S1", "2025-12-20 10:00:00", "30000.00"),
                    settlement(P, "S2", "2026-01-03 10:00:00", "500.00"));
            warnings();
            ledger();
            process(reversal(P, "R1", "S1", "2026-01-05 10:00:00", "-30000.00"));
            assertThat(warnings())
                    .containsExactly(
                            "P001 2025 #2 ASSISTED[低保对象] BLUE->NONE total=0.00"
                                    + " threshold=30000.00 REVERSAL R1 @2026-01-05 10:00:00 "
                                    + REGION
                                    + " missing=false "
                                    + POLICY);
            assertThat(ledger())
                    .containsExactly(
                            "P001 2025 ASSISTED[低保对象] NONE total=0.00 n=0 "
                                    + REGION
                                    + " missing=false closed=false");
        }

        @Test
        void reversalBeforeItsOriginalIsHeldAndNetsToZero() throws Exception {
            assisted(P);
            process(reversal(P, "R1", "S1", "2025-03-02 10:00:00", "-50000.00"));
            assertNoOutput();
            // redelivery of the held reversal: ignored; another reversal of S1: rejected
            process(reversal(P, "R1", "S1", "2025-03-02 10:00:00", "-50000.00"));
            assertNoOutput();
            process(reversal(P, "R7", "S1", "2025-03-04 10:00:00", "-50000.00"));
            assertThat(deadLetters())
                    .containsExactly("REVERSAL_ALREADY_APPLIED P001/R7 @2025-03-04 10:00:00");

            process(settlement(P, "S1", "2025-03-01 10:00:00", "50000.00"));
            assertThat(warnings()).as("original and reversal net to zero").isEmpty();
            assertThat(ledger())
                    .containsExactly(
                            "P001 2025 ASSISTED[低保对象] NONE total=0.00 n=0 "
                                    + REGION
                                    + " missing=false closed=false");
            assertThat(deadLetters()).isEmpty();

            // both are now known: redeliveries are ignored
            process(
                    settlement(P, "S1", "2025-03-01 10:00:00", "50000.00"),
                    reversal(P, "R1", "S1", "2025-03-02 10:00:00", "-50000.00"));
            assertNoOutput();
            process(settlement(P, "S2", "2025-03-05 10:00:00", "29999.99"));
            assertThat(warnings()).isEmpty();
        }

        @Test
        void reversalWhoseOriginalNeverArrivesIsDeadLetteredWhenItsYearCloses() throws Exception {
            process(reversal(P, "R1", "S404", "2025-06-01 10:00:00", "-1000.00"));
            assertNoOutput();
            assertThat(numKeyedStateEntries()).isEqualTo(1);
            assertThat(harness.numEventTimeTimers()).isEqualTo(1);

            watermark(CLOSE_2025 - 1);
            assertNoOutput();

            watermark(CLOSE_2025);
            List<DeadLetter> dead = deadLetterRecords();
            assertThat(dead)
                    .extracting(TestEvents::render)
                    .containsExactly("REVERSAL_ORIGINAL_MISSING P001/R1 @2025-06-01 10:00:00");
            assertThat(dead.get(0).getDetail()).contains("S404", "R1", "2026-04-01 00:00:00");
            assertThat(warnings()).isEmpty();
            assertThat(ledger()).isEmpty();
            assertThat(numKeyedStateEntries()).as("state of the orphan").isZero();
            assertThat(harness.numEventTimeTimers()).isZero();
        }
    }

    /** Rule — late settlements count in the year of setl_time until its bound. */
    @Nested
    class LateSettlementRule {
        @Test
        void lateSettlementWithinBoundCountsInItsOwnYear() throws Exception {
            assisted(P);
            process(
                    settlement(P, "S1", "2025-12-20 10:00:00", "20000.00"),
                    settlement(P, "S2", "2026-01-10 10:00:00", "5000.00"));
            ledger();
            watermark(CLOSE_2025 - 1); // 2026-03-31 23:59:59.999

            process(settlement(P, "S3", "2025-11-15 10:00:00", "10000.00"));
            assertThat(warnings())
                    .containsExactly(
                            "P001 2025 #1 ASSISTED[低保对象] NONE->BLUE total=30000.00"
                                    + " threshold=30000.00 SETTLEMENT S3 @2025-11-15 10:00:00 "
                                    + REGION
                                    + " missing=false "
                                    + POLICY);
            assertThat(ledger())
                    .containsExactly(
                            "P001 2025 ASSISTED[低保对象] BLUE total=30000.00 n=2 "
                                    + REGION
                                    + " missing=false closed=false");
            assertThat(deadLetters()).isEmpty();

            // 2026 is unaffected: 5000 + 24999.99 stays below blue
            process(settlement(P, "S4", "2026-02-01 10:00:00", "24999.99"));
            assertThat(warnings()).isEmpty();
            assertThat(ledger())
                    .containsExactly(
                            "P001 2026 ASSISTED[低保对象] NONE total=29999.99 n=2 "
                                    + REGION
                                    + " missing=false closed=false");
        }

        @Test
        void lateIsDecidedByTheInputsWatermarkWhileTheMonitorsIsHeldBack() throws Exception {
            harness.close();
            harness =
                    MonitorHarness.openHeldBack(
                            PolicyHistory.of(PolicyLoader.defaultPolicy()), null);
            assisted(P);
            process(settlement(P, "S1", "2025-12-20 10:00:00", "20000.00"));
            ledger();
            // The settlements' watermark has passed the close of 2025; the policies input has not
            // reported idle yet, so the operator's own watermark has not moved.
            harness.processWatermark(CLOSE_2025);
            MonitoringEvent late = settlement(P, "S2", "2025-12-31 23:00:00", "10000.00");
            late.inputWatermark = CLOSE_2025;
            process(late);
            assertThat(deadLetters())
                    .containsExactly("LATE_BEYOND_BOUND P001/S2 @2025-12-31 23:00:00");
            assertThat(warnings()).isEmpty();
            assertThat(ledger()).isEmpty();
            // the year closes when the operator's watermark gets there
            harness.processBroadcastWatermark(Long.MAX_VALUE);
            assertThat(ledger())
                    .containsExactly(
                            "P001 2025 ASSISTED[低保对象] NONE total=20000.00 n=1 "
                                    + REGION
                                    + " missing=false closed=true");
            assertThat(personState(P).years).isEmpty();
            assertThat(harness.numEventTimeTimers()).isZero();
        }

        @Test
        void settlementAfterItsYearClosedIsLateBeyondBound() throws Exception {
            assisted(P);
            process(settlement(P, "S1", "2025-12-20 10:00:00", "20000.00"));
            ledger();
            watermark(CLOSE_2025);
            assertThat(ledger())
                    .containsExactly(
                            "P001 2025 ASSISTED[低保对象] NONE total=20000.00 n=1 "
                                    + REGION
                                    + " missing=false closed=true");

            process(settlement(P, "S2", "2025-12-31 23:00:00", "10000.00"));
            List<DeadLetter> dead = deadLetterRecords();
            assertThat(dead)
                    .extracting(TestEvents::render)
                    .containsExactly("LATE_BEYOND_BOUND P001/S2 @2025-12-31 23:00:00");
            assertThat(dead.get(0).getDetail()).contains("2025", "2026-04-01 00:00:00");
            assertThat(warnings()).isEmpty();
            assertThat(ledger()).isEmpty();
            // and nothing of 2025 came back to life
            assertThat(personState(P).years).isEmpty();
            assertThat(harness.numEventTimeTimers()).isZero();
        }

        @Test
        void lateReversalAndRedeliveryOfAClosedYearAreRejectedToo() throws Exception {
            assisted(P);
            process(settlement(P, "S1", "2025-12-20 10:00:00", "30000.00"));
            watermark(CLOSE_2025);
            warnings();
            ledger();
            process(
                    settlement(P, "S1", "2025-12-20 10:00:00", "30000.00"),
                    reversal(P, "R1", "S1", "2025-12-28 10:00:00", "-30000.00"));
            assertThat(deadLetters())
                    .containsExactly(
                            "LATE_BEYOND_BOUND P001/S1 @2025-12-20 10:00:00",
                            "LATE_BEYOND_BOUND P001/R1 @2025-12-28 10:00:00");
            assertThat(warnings()).isEmpty();
        }
    }

    /** Rule — annual means the calendar year of setl_time in China time (UTC+8). */
    @Nested
    class CalendarYearRule {
        @Test
        void yearBoundaryIsMidnightChinaTime() throws Exception {
            assisted(P);
            process(settlement(P, "S1", "2025-12-31 23:59:59", "20000.00"));
            // 2026-01-01 07:00 China time is 2025-12-31 23:00 UTC: in UTC this would be 2025
            // and 20000 + 10000 would reach blue.
            process(settlement(P, "S2", "2026-01-01 07:00:00", "10000.00"));
            process(settlement(P, "S3", "2026-01-01 00:00:00", "5000.00"));
            assertThat(warnings()).isEmpty();
            assertThat(ledger())
                    .containsExactly(
                            "P001 2025 ASSISTED[低保对象] NONE total=20000.00 n=1 "
                                    + REGION
                                    + " missing=false closed=false",
                            "P001 2026 ASSISTED[低保对象] NONE total=10000.00 n=1 "
                                    + REGION
                                    + " missing=false closed=false",
                            "P001 2026 ASSISTED[低保对象] NONE total=15000.00 n=2 "
                                    + REGION
                                    + " missing=false closed=false");

            process(settlement(P, "S4", "2025-12-31 16:00:00", "10000.00"));
            // 2025-12-31 16:00 China time is 08:00 UTC the same day: 2025 in both clocks
            assertThat(warnings())
                    .containsExactly(
                            "P001 2025 #1 ASSISTED[低保对象] NONE->BLUE total=30000.00"
                                    + " threshold=30000.00 SETTLEMENT S4 @2025-12-31 16:00:00 "
                                    + REGION
                                    + " missing=false "
                                    + POLICY);
        }

        @Test
        void eachYearClosesOnItsOwn() throws Exception {
            assisted(P);
            process(
                    settlement(P, "S1", "2025-12-31 23:59:59", "1.00"),
                    settlement(P, "S2", "2026-01-01 00:00:00", "2.00"));
            ledger();
            watermark(CLOSE_2025);
            assertThat(ledger())
                    .containsExactly(
                            "P001 2025 ASSISTED[低保对象] NONE total=1.00 n=1 "
                                    + REGION
                                    + " missing=false closed=true");
            assertThat(personState(P).years).extracting(y -> y.year).containsExactly(2026);
            watermark(t("2027-04-01 00:00:00"));
            assertThat(ledger())
                    .containsExactly(
                            "P001 2026 ASSISTED[低保对象] NONE total=2.00 n=1 "
                                    + REGION
                                    + " missing=false closed=true");
        }
    }

    /** Rule — category comes from the registry; a change re-evaluates the level at once. */
    @Nested
    class CategoryRule {
        @Test
        void assistedCategoryMakesBluePossible() throws Exception {
            assisted(P);
            ordinary(Q);
            process(
                    settlement(P, "S1", "2025-03-01 10:00:00", "30000.00"),
                    settlement(Q, "S2", "2025-03-01 10:00:00", "30000.00"));
            assertThat(warnings())
                    .containsExactly(
                            "P001 2025 #1 ASSISTED[低保对象] NONE->BLUE total=30000.00"
                                    + " threshold=30000.00 SETTLEMENT S1 @2025-03-01 10:00:00 "
                                    + REGION
                                    + " missing=false "
                                    + POLICY);
        }

        @Test
        void categoryChangeReevaluatesAtOnce() throws Exception {
            ordinary(P);
            process(settlement(P, "S1", "2025-03-01 10:00:00", "50000.00"));
            watermark("2025-06-01 00:00:00");
            assertThat(warnings()).isEmpty();
            ledger();

            process(
                    registry(
                            P,
                            Category.ASSISTED,
                            "防止返贫监测对象",
                            "371525101205",
                            "2025-05-01 00:00:00"));
            assertThat(warnings())
                    .containsExactly(
                            "P001 2025 #1 ASSISTED[防止返贫监测对象] NONE->BLUE total=50000.00"
                                    + " threshold=30000.00 REGISTRY_CHANGE null"
                                    + " @2025-05-01 00:00:00"
                                    + " region=371525/371525101/371525101205 missing=false "
                                    + POLICY);
            assertThat(ledger())
                    .containsExactly(
                            "P001 2025 ASSISTED[防止返贫监测对象] BLUE total=50000.00 n=1"
                                    + " region=371525/371525101/371525101205 missing=false"
                                    + " closed=false");
            assertThat(deadLetters()).isEmpty();
        }

        @Test
        void categoryChangeBackToOrdinaryLowersTheLevel() throws Exception {
            assisted(P);
            process(settlement(P, "S1", "2025-03-01 10:00:00", "50000.00"));
            watermark("2025-06-01 00:00:00");
            warnings();
            ledger();
            process(registry(P, Category.ORDINARY, null, VILLAGE, "2025-05-15 00:00:00"));
            // ORDINARY has no blue threshold, so the crossed line has no amount.
            assertThat(warnings())
                    .containsExactly(
                            "P001 2025 #2 ORDINARY[null] BLUE->NONE total=50000.00"
                                    + " threshold=null REGISTRY_CHANGE null @2025-05-15 00:00:00 "
                                    + REGION
                                    + " missing=false "
                                    + POLICY);
        }

        @Test
        void futureDatedChangeFiresWhenTheWatermarkReachesIt() throws Exception {
            process(settlement(P, "S1", "2025-03-01 10:00:00", "50000.00"));
            watermark("2025-03-01 12:00:00");
            ledger();
            process(registry(P, Category.ASSISTED, "特困人员", VILLAGE, "2025-07-01 00:00:00"));
            assertNoOutput();
            assertThat(harness.numEventTimeTimers())
                    .as("year close and registry change")
                    .isEqualTo(2);

            watermark(t("2025-07-01 00:00:00") - 1);
            assertNoOutput();

            watermark("2025-07-01 00:00:00");
            assertThat(warnings())
                    .containsExactly(
                            "P001 2025 #1 ASSISTED[特困人员] NONE->BLUE total=50000.00"
                                    + " threshold=30000.00 REGISTRY_CHANGE null"
                                    + " @2025-07-01 00:00:00 "
                                    + REGION
                                    + " missing=false "
                                    + POLICY);
            assertThat(ledger())
                    .containsExactly(
                            "P001 2025 ASSISTED[特困人员] BLUE total=50000.00 n=1 "
                                    + REGION
                                    + " missing=false closed=false");
            assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        }

        @Test
        void registryChangeWithoutLevelChangeUpdatesTheLedgerOnly() throws Exception {
            assisted(P);
            process(settlement(P, "S1", "2025-03-01 10:00:00", "10000.00"));
            watermark("2025-06-01 00:00:00");
            ledger();
            process(registry(P, Category.ASSISTED, "低保对象", "371525102001", "2025-05-01"));
            assertThat(warnings()).isEmpty();
            assertThat(ledger())
                    .containsExactly(
                            "P001 2025 ASSISTED[低保对象] NONE total=10000.00 n=1"
                                    + " region=371525/371525102/371525102001 missing=false"
                                    + " closed=false");
        }

        @Test
        void lateSettlementOfAnEarlierYearKeepsThatYearsCategory() throws Exception {
            // ASSISTED until the end of 2025, ORDINARY from 2026 on.
            assisted(P);
            process(registry(P, Category.ORDINARY, null, VILLAGE, "2026-01-01 00:00:00"));
            process(settlement(P, "S1", "2026-01-05 10:00:00", "1.00"));
            watermark("2026-02-01 00:00:00");
            ledger();
            process(settlement(P, "S2", "2025-10-01 10:00:00", "30000.00"));
            assertThat(warnings())
                    .containsExactly(
                            "P001 2025 #1 ASSISTED[低保对象] NONE->BLUE total=30000.00"
                                    + " threshold=30000.00 SETTLEMENT S2 @2025-10-01 10:00:00 "
                                    + REGION
                                    + " missing=false "
                                    + POLICY);
        }
    }

    /** Rule — a person without a registry entry is ORDINARY, county from insu_admdvs. */
    @Nested
    class MissingRegistryRule {
        @Test
        void personWithoutRegistryIsOrdinaryWithCountyFromInsuAdmdvs() throws Exception {
            process(settlementInsuredIn(P, "S1", "2025-03-01 10:00:00", "30000.00", "371526"));
            assertThat(warnings()).as("ordinary: no blue").isEmpty();
            process(settlementInsuredIn(P, "S2", "2025-03-02 10:00:00", "70000.00", "371526"));
            assertThat(warnings())
                    .containsExactly(
                            "P001 2025 #1 ORDINARY[null] NONE->YELLOW total=100000.00"
                                    + " threshold=100000.00 SETTLEMENT S2 @2025-03-02 10:00:00"
                                    + " region=371526/null/null missing=true "
                                    + POLICY);
            assertThat(ledger())
                    .containsExactly(
                            "P001 2025 ORDINARY[null] NONE total=30000.00 n=1"
                                    + " region=371526/null/null missing=true closed=false",
                            "P001 2025 ORDINARY[null] YELLOW total=100000.00 n=2"
                                    + " region=371526/null/null missing=true closed=false");
        }

        @Test
        void registryArrivingLaterFillsTheRegion() throws Exception {
            process(settlement(P, "S1", "2025-03-01 10:00:00", "100000.00"));
            assertThat(warnings()).singleElement().asString().contains(NO_REGION, "missing=true");
            watermark("2025-04-01 00:00:00");
            ledger();
            process(registry(P, Category.ORDINARY, null, VILLAGE, "2025-01-01 00:00:00"));
            assertThat(warnings()).isEmpty();
            assertThat(ledger())
                    .containsExactly(
                            "P001 2025 ORDINARY[null] YELLOW total=100000.00 n=1 "
                                    + REGION
                                    + " missing=false closed=false");
        }
    }

    /**
     * 台账起点: a person-year is in the ledger (revision &gt; 0, {@link InLedger}) from the row that
     * takes it to the policy's ledger floor (10,000 元 by default) or a level, for the rest of its
     * year; the rows before stay in the job (revision 0).
     */
    @Nested
    class LedgerFloorRule {
        private List<Long> revisions() {
            return ledgerRecords().stream().map(LedgerEntry::getRevision).toList();
        }

        @Test
        void rowsCountFromTheFloorAndStayInTheLedgerAfterAReversal() throws Exception {
            ordinary(P);
            process(settlement(P, "S1", "2025-03-01 10:00:00", "4000.00"));
            assertThat(revisions()).as("below the floor").containsExactly(0L);
            process(settlement(P, "S2", "2025-03-02 10:00:00", "5999.99"));
            assertThat(revisions()).as("9,999.99 元").containsExactly(0L);
            process(settlement(P, "S3", "2025-03-03 10:00:00", "0.01"));
            assertThat(revisions()).as("exactly 10,000 元").containsExactly(1L);
            process(reversal(P, "R2", "S2", "2025-03-04 10:00:00", "-5999.99"));
            assertThat(ledger())
                    .as("the fall below the floor is a row of the ledger")
                    .containsExactly(
                            "P001 2025 ORDINARY[null] NONE total=4000.01 n=2 "
                                    + REGION
                                    + " missing=false closed=false");
            watermark(CLOSE_2025);
            assertThat(revisions()).as("and so is the closing row").containsExactly(3L);
        }

        @Test
        void aPersonYearNeverAtTheFloorHasNoLedgerRowsAtAll() throws Exception {
            ordinary(P);
            ordinary(Q);
            process(
                    settlement(P, "S1", "2025-03-01 10:00:00", "9999.99"),
                    settlement(Q, "S2", "2025-03-01 10:00:00", "10000.00"));
            watermark(CLOSE_2025);
            List<LedgerEntry> rows = ledgerRecords();
            assertThat(rows.stream().filter(InLedger::test).map(LedgerEntry::getPsnNo))
                    .containsExactly(Q, Q);
            assertThat(rows.stream().filter(l -> !InLedger.test(l)).map(LedgerEntry::getClosed))
                    .as("P001's rows, the closing one too, stay in the job")
                    .containsExactly(false, true);
        }

        @Test
        void aLevelPutsAPersonYearInTheLedgerWhateverTheFloor() throws Exception {
            harness.close();
            harness =
                    open(
                            PolicyLoader.parse(
                                    """
                                    version: floor-at-blue
                                    ledger_floor: 30000
                                    thresholds:
                                      ASSISTED: {BLUE: 30000, YELLOW: 100000, RED: 300000}
                                      ORDINARY: {YELLOW: 100000, RED: 300000}
                                    """
                                            .getBytes(java.nio.charset.StandardCharsets.UTF_8),
                                    "floor-at-blue.yaml"),
                            null);
            assisted(P);
            process(settlement(P, "S1", "2025-03-01 10:00:00", "29999.99"));
            process(settlement(P, "S2", "2025-03-02 10:00:00", "0.01"));
            assertThat(warnings()).hasSize(1);
            assertThat(revisions()).containsExactly(0L, 1L);
        }
    }

    /** Closing a year removes all its state and reports the final ledger entry. */
    @Nested
    class StateCleanupRule {
        @Test
        void allStateIsGoneAfterEveryYearClosedExceptTheRegistry() throws Exception {
            // P: no registry; counted, reversed, duplicate and held-reversal entries
            process(
                    settlement(P, "S1", "2025-03-01 10:00:00", "60000.00"),
                    settlement(P, "S2", "2025-04-01 10:00:00", "50000.00"),
                    settlement(P, "S2", "2025-04-01 10:00:00", "50000.00"),
                    reversal(P, "R1", "S1", "2025-05-01 10:00:00", "-60000.00"),
                    reversal(P, "R9", "S999", "2025-06-01 10:00:00", "-1.00"),
                    settlement(P, "S3", "2026-01-05 10:00:00", "1.00"));
            // Q: registry, one settlement
            assisted(Q);
            process(settlement(Q, "T1", "2025-08-01 10:00:00", "40000.00"));
            warnings();
            ledger();
            assertThat(numKeyedStateEntries()).isEqualTo(4);

            watermark(CLOSE_2025);
            assertThat(ledger())
                    .containsExactlyInAnyOrder(
                            "P001 2025 ORDINARY[null] NONE total=50000.00 n=1 "
                                    + NO_REGION
                                    + " missing=true closed=true",
                            "P002 2025 ASSISTED[低保对象] BLUE total=40000.00 n=1 "
                                    + REGION
                                    + " missing=false closed=true");
            assertThat(deadLetters())
                    .containsExactly("REVERSAL_ORIGINAL_MISSING P001/R9 @2025-06-01 10:00:00");
            assertThat(warnings()).isEmpty();

            watermark(t("2027-04-01 00:00:00"));
            assertThat(ledger())
                    .containsExactly(
                            "P001 2026 ORDINARY[null] NONE total=1.00 n=1 "
                                    + NO_REGION
                                    + " missing=true closed=true");
            assertThat(personState(P)).isNull();
            PersonState q = personState(Q);
            assertThat(q.years).isEmpty();
            assertThat(q.registry).hasSize(1);
            assertThat(numKeyedStateEntries()).as("only Q's registry").isEqualTo(1);
            assertThat(harness.numEventTimeTimers()).isZero();

            // Q's registry still applies to a new year
            process(settlement(Q, "T2", "2027-05-01 10:00:00", "30000.00"));
            assertThat(warnings())
                    .containsExactly(
                            "P002 2027 #1 ASSISTED[低保对象] NONE->BLUE total=30000.00"
                                    + " threshold=30000.00 SETTLEMENT T2 @2027-05-01 10:00:00 "
                                    + REGION
                                    + " missing=false "
                                    + POLICY);
        }

        @Test
        void closedLedgerEntryCarriesTheFinalTotals() throws Exception {
            assisted(P);
            process(
                    settlement(P, "S1", "2025-03-01 10:00:00", "120000.00"),
                    settlement(P, "S2", "2025-09-01 10:00:00", "0.50"));
            warnings();
            ledger();
            watermark(CLOSE_2025);
            List<LedgerEntry> closed = ledgerRecords();
            assertThat(closed).hasSize(1);
            LedgerEntry l = closed.get(0);
            assertThat(TestEvents.render(l))
                    .isEqualTo(
                            "P001 2025 ASSISTED[低保对象] YELLOW total=120000.50 n=2 "
                                    + REGION
                                    + " missing=false closed=true");
            assertThat(l.getFirstBlueTime().toEpochMilli()).isEqualTo(t("2025-03-01 10:00:00"));
            assertThat(l.getFirstYellowTime().toEpochMilli()).isEqualTo(t("2025-03-01 10:00:00"));
            assertThat(l.getFirstRedTime()).isNull();
            assertThat(l.getLastSetlTime().toEpochMilli()).isEqualTo(t("2025-09-01 10:00:00"));
            assertThat(l.getPolicyVersion()).isEqualTo("default-2022");
            assertThat(numKeyedStateEntries()).as("registry only").isEqualTo(1);
            assertThat(harness.numEventTimeTimers()).isZero();
        }

        @Test
        void stateSurvivesSnapshotAndRestore() throws Exception {
            assisted(P);
            process(
                    settlement(P, "S1", "2025-03-01 10:00:00", "20000.00"),
                    reversal(P, "R0", "S0", "2025-03-02 10:00:00", "-5000.00"));
            watermark("2025-03-02 00:00:00");
            warnings();
            ledger();
            OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
            harness.close();

            harness = open(PolicyLoader.defaultPolicy(), snapshot);
            process(settlement(P, "S1", "2025-03-01 10:00:00", "20000.00")); // duplicate
            process(settlement(P, "S0", "2025-02-01 10:00:00", "5000.00")); // meets its reversal
            assertThat(warnings()).isEmpty();
            process(settlement(P, "S2", "2025-03-03 10:00:00", "10000.00"));
            assertThat(warnings())
                    .containsExactly(
                            "P001 2025 #1 ASSISTED[低保对象] NONE->BLUE total=30000.00"
                                    + " threshold=30000.00 SETTLEMENT S2 @2025-03-03 10:00:00 "
                                    + REGION
                                    + " missing=false "
                                    + POLICY);
            assertThat(deadLetters()).isEmpty();
            watermark(CLOSE_2025);
            assertThat(harness.numEventTimeTimers()).isZero();
            assertThat(numKeyedStateEntries()).isEqualTo(1);
        }
    }

    /** Rule — which components count is a policy setting (self_pay: in_policy_only). */
    @Nested
    class SelfPayMeasureRule {
        private static final String IN_POLICY_ONLY =
                """
                version: "in-policy-test"
                self_pay: in_policy_only
                thresholds:
                  ASSISTED: {BLUE: 30000, YELLOW: 100000, RED: 300000}
                  ORDINARY: {YELLOW: 100000, RED: 300000}
                """;

        @Test
        void inPolicyOnlyCountsPsnPartMinusFullyOwnPaid() throws Exception {
            harness.close();
            harness =
                    open(
                            PolicyLoader.parse(
                                    IN_POLICY_ONLY.getBytes(StandardCharsets.UTF_8), "test"),
                            null);
            assisted(P);
            // 40000.00 - 15000.00 = 25000.00: would be blue under psn_part_amt
            process(settlement(P, "S1", "2025-03-01 10:00:00", "40000.00", "15000.00"));
            assertThat(warnings()).isEmpty();
            process(settlement(P, "S2", "2025-03-02 10:00:00", "5000.00"));
            assertThat(warnings())
                    .containsExactly(
                            "P001 2025 #1 ASSISTED[低保对象] NONE->BLUE total=30000.00"
                                    + " threshold=30000.00 SETTLEMENT S2 @2025-03-02 10:00:00 "
                                    + REGION
                                    + " missing=false policy=in-policy-test");
            ledger();
            // a reversal removes what was counted: 25000.00
            process(reversal(P, "R1", "S1", "2025-03-03 10:00:00", "-40000.00"));
            assertThat(warnings())
                    .singleElement()
                    .asString()
                    .contains("BLUE->NONE total=5000.00 threshold=30000.00 REVERSAL R1");
            assertThat(ledger()).singleElement().asString().contains("NONE total=5000.00 n=1");
        }

        @Test
        void defaultPolicyCountsPsnPartAmt() throws Exception {
            assisted(P);
            process(settlement(P, "S1", "2025-03-01 10:00:00", "30000.00", "15000.00"));
            assertThat(warnings()).singleElement().asString().contains("NONE->BLUE total=30000.00");
        }
    }
}

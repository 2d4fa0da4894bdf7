package org.medwarn.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medwarn.state.TestEvents.registry;
import static org.medwarn.state.TestEvents.reversal;
import static org.medwarn.state.TestEvents.settlement;
import static org.medwarn.state.TestEvents.t;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
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
 * Policy changes (a history given at start, and policies published on the broadcast input) and the
 * rolling 12-month measure, in the keyed broadcast operator harness.
 */
class PolicyChangeAndRollingTest {
    private static final String P = "P001";
    private static final String Q = "P002";
    private static final String VILLAGE = "371525101203";
    private static final String REGION = " region=371525/371525101/371525101203 missing=false";

    private KeyedBroadcastOperatorTestHarness<String, MonitoringEvent, PolicyUpdate, Warning>
            harness;

    static String yaml(String version, String effectiveFrom, String measure, String blue) {
        return "version: "
                + version
                + "\neffective_from: \""
                + effectiveFrom
                + "\"\nmeasure: "
                + measure
                + "\nthresholds:\n  ASSISTED: {BLUE: "
                + blue
                + ", YELLOW: 100000, RED: 300000}\n  ORDINARY: {YELLOW: 100000, RED: 300000}\n";
    }

    static Policy policy(String yaml) {
        return PolicyLoader.parse(yaml.getBytes(StandardCharsets.UTF_8), "test");
    }

    static PolicyUpdate update(String yaml) {
        PolicyUpdate u = new PolicyUpdate();
        u.yaml = yaml;
        u.source = "policies";
        u.partition = 0;
        u.offset = 7;
        return u;
    }

    private static final Policy BLUE_20000_FROM_JULY =
            policy(yaml("blue-20000", "2025-07-01", "calendar_year", "20000"));
    private static final Policy ROLLING =
            policy(yaml("rolling", "2020-01-01", "rolling_12_months", "30000"));

    private void open(PolicyHistory policies) throws Exception {
        harness = MonitorHarness.open(policies, null);
    }

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private void process(MonitoringEvent... events) throws Exception {
        for (MonitoringEvent e : events) {
            harness.processElement(new StreamRecord<>(e, e.eventTime));
        }
    }

    private void watermark(String chinaTime) throws Exception {
        harness.processWatermark(t(chinaTime));
    }

    private List<String> warnings() {
        return MonitorHarness.warnings(harness);
    }

    private List<String> ledger() {
        List<String> out = new ArrayList<>();
        for (LedgerEntry l : MonitorHarness.drain(harness, SelfPayMonitor.LEDGER)) {
            out.add(TestEvents.render(l) + " policy=" + l.getPolicyVersion());
        }
        return out;
    }

    private List<DeadLetter> deadLetters() {
        return MonitorHarness.drain(harness, DeadLetters.TAG);
    }

    /**
     * An expected warning of P001 (assisted, 2025, village 371525101203): {@code seq from->to},
     * {@code total/threshold}, {@code trigger setl_id @time}, policy version.
     */
    private static String w(String change, String amounts, String cause, String policy) {
        String[] a = amounts.split("/");
        return "P001 2025 "
                + change.replace(" ", " ASSISTED[低保对象] ")
                + " total="
                + a[0]
                + " threshold="
                + a[1]
                + " "
                + cause
                + REGION
                + " policy="
                + policy;
    }

    private void assisted(String psn) throws Exception {
        process(registry(psn, Category.ASSISTED, "低保对象", VILLAGE, "2024-01-01 00:00:00"));
    }

    /** A policy replaces the running one when event time reaches its effective_from. */
    @Nested
    class PolicyChange {
        @Test
        void historyReEvaluatesPersonsInStateAtEffectiveFrom() throws Exception {
            open(PolicyHistory.of(List.of(PolicyLoader.defaultPolicy(), BLUE_20000_FROM_JULY)));
            assisted(P);
            process(settlement(P, "S1", "2025-03-01 10:00:00", "25000.00"));
            watermark("2025-06-30 23:59:59");
            assertThat(warnings()).isEmpty();
            ledger();

            watermark("2025-07-01 00:00:00");
            assertThat(warnings())
                    .containsExactly(
                            w(
                                    "#1 NONE->BLUE",
                                    "25000.00/20000.00",
                                    "POLICY_CHANGE null @2025-07-01 00:00:00",
                                    "blue-20000"));
            assertThat(ledger())
                    .containsExactly(
                            "P001 2025 ASSISTED[低保对象] BLUE total=25000.00 n=1"
                                    + REGION
                                    + " closed=false policy=blue-20000");
        }

        @Test
        void settlementAfterEffectiveFromIsEvaluatedUnderTheNewPolicyBeforeTheWatermark()
                throws Exception {
            open(PolicyHistory.of(List.of(PolicyLoader.defaultPolicy(), BLUE_20000_FROM_JULY)));
            assisted(P);
            process(settlement(P, "S1", "2025-06-30 10:00:00", "19000.00"));
            process(settlement(P, "S2", "2025-07-01 08:00:00", "1000.00"));
            assertThat(warnings())
                    .containsExactly(
                            w(
                                    "#1 NONE->BLUE",
                                    "20000.00/20000.00",
                                    "SETTLEMENT S2 @2025-07-01 08:00:00",
                                    "blue-20000"));
            watermark("2025-07-02 00:00:00");
            assertThat(warnings()).as("the timer finds the level already right").isEmpty();
        }

        @Test
        void publishedPolicyReachesPersonsAlreadyInStateThroughApplyToKeyedState()
                throws Exception {
            open(PolicyHistory.of(PolicyLoader.defaultPolicy()));
            assisted(P);
            assisted(Q);
            process(settlement(P, "S1", "2025-03-01 10:00:00", "25000.00"));
            process(settlement(Q, "S2", "2025-03-01 10:00:00", "15000.00"));
            watermark("2025-05-01 00:00:00");
            int timersBefore = harness.numEventTimeTimers();
            ledger();

            harness.processBroadcastElement(
                    update(yaml("blue-20000", "2025-07-01", "calendar_year", "20000")), 0L);
            assertThat(warnings()).as("not effective yet").isEmpty();
            assertThat(harness.numEventTimeTimers())
                    .as("one timer per person at effective_from")
                    .isEqualTo(timersBefore + 2);

            watermark("2025-07-01 00:00:00");
            assertThat(warnings())
                    .containsExactly(
                            w(
                                    "#1 NONE->BLUE",
                                    "25000.00/20000.00",
                                    "POLICY_CHANGE null @2025-07-01 00:00:00",
                                    "blue-20000"));
            assertThat(ledger()).hasSize(2).allMatch(l -> l.endsWith("policy=blue-20000"));
        }

        @Test
        void publishedPolicyWhoseEffectiveFromHasPassedAppliesAtOnce() throws Exception {
            open(PolicyHistory.of(PolicyLoader.defaultPolicy()));
            assisted(P);
            process(settlement(P, "S1", "2025-08-01 10:00:00", "25000.00"));
            watermark("2025-08-02 00:00:00");
            harness.processBroadcastElement(
                    update(yaml("blue-20000", "2025-07-01", "calendar_year", "20000")), 0L);
            assertThat(warnings())
                    .containsExactly(
                            w(
                                    "#1 NONE->BLUE",
                                    "25000.00/20000.00",
                                    "POLICY_CHANGE null @2025-07-01 00:00:00",
                                    "blue-20000"));
        }

        @Test
        void invalidPublishedPolicyIsDeadLetteredAndTheRunningOneStays() throws Exception {
            open(PolicyHistory.of(PolicyLoader.defaultPolicy()));
            assisted(P);
            harness.processBroadcastElement(
                    update(yaml("bad", "2025-07-01", "calendar_year", "300001")), 0L);
            List<DeadLetter> dead = deadLetters();
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).getReason()).isEqualTo("INVALID_POLICY");
            assertThat(dead.get(0).getDetail())
                    .contains("thresholds.ASSISTED", "YELLOW threshold 100000.00 is not above");
            process(settlement(P, "S1", "2025-08-01 10:00:00", "30000.00"));
            assertThat(warnings()).singleElement().asString().endsWith("policy=default-2022");
        }
    }

    /**
     * Rolling 12 months: at event time t, the sum of the 12 calendar months ending with t's month.
     */
    @Nested
    class RollingWindow {
        @Test
        void windowCrossesTheYearBoundaryAndTheThirteenthMonthDropsOut() throws Exception {
            open(PolicyHistory.of(ROLLING));
            assisted(P);
            process(settlement(P, "S1", "2024-12-15 10:00:00", "20000.00"));
            process(settlement(P, "S2", "2025-02-10 10:00:00", "15000.00"));
            assertThat(warnings())
                    .as("2025's row counts December 2024: 35000")
                    .containsExactly(
                            w(
                                    "#1 NONE->BLUE",
                                    "35000.00/30000.00",
                                    "SETTLEMENT S2 @2025-02-10 10:00:00",
                                    "rolling"));

            watermark("2025-11-30 23:59:59");
            assertThat(warnings()).as("December 2024 is still in Dec 2024..Nov 2025").isEmpty();
            watermark("2025-12-01 00:00:00");
            assertThat(warnings())
                    .containsExactly(
                            w(
                                    "#2 BLUE->NONE",
                                    "15000.00/30000.00",
                                    "ROLLING_WINDOW null @2025-12-01 00:00:00",
                                    "rolling"));
        }

        @Test
        void lateSettlementOfLastYearCountsInBothRows() throws Exception {
            open(PolicyHistory.of(ROLLING));
            assisted(P);
            process(settlement(P, "S1", "2025-02-10 10:00:00", "25000.00"));
            watermark("2025-02-11 00:00:00");
            process(settlement(P, "S0", "2024-11-20 10:00:00", "6000.00"));
            assertThat(warnings())
                    .containsExactly(
                            w(
                                    "#1 NONE->BLUE",
                                    "31000.00/30000.00",
                                    "SETTLEMENT S0 @2024-11-20 10:00:00",
                                    "rolling"));
            assertThat(ledger())
                    .contains(
                            "P001 2024 ASSISTED[低保对象] NONE total=6000.00 n=1"
                                    + REGION
                                    + " closed=false policy=rolling");
        }

        @Test
        void reversalIntoAnOldMonthLowersTheRollingTotal() throws Exception {
            open(PolicyHistory.of(ROLLING));
            assisted(P);
            process(settlement(P, "S1", "2024-12-15 10:00:00", "20000.00"));
            process(settlement(P, "S2", "2025-02-10 10:00:00", "15000.00"));
            warnings();
            process(reversal(P, "R1", "S1", "2025-03-01 10:00:00", "-20000.00"));
            assertThat(warnings())
                    .containsExactly(
                            w(
                                    "#2 BLUE->NONE",
                                    "15000.00/30000.00",
                                    "REVERSAL R1 @2025-03-01 10:00:00",
                                    "rolling"));
        }

        @Test
        void monthsAreDroppedWhenNoWindowNeedsThemAndStateEnds() throws Exception {
            open(PolicyHistory.of(ROLLING));
            process(settlement(P, "S1", "2025-05-15 10:00:00", "20000.00"));
            watermark("2026-04-01 00:00:00");
            PersonYearsAndMonths left = state();
            assertThat(left.years).as("2025 closed").isZero();
            assertThat(left.months).as("May 2025 still in windows until May 2026").isEqualTo(1);
            watermark("2026-06-01 00:00:00");
            assertThat(harness.numEventTimeTimers()).isZero();
            assertThat(state()).isNull();
        }
    }

    private record PersonYearsAndMonths(int years, int months) {}

    private PersonYearsAndMonths state() throws Exception {
        harness.getOperator().setCurrentKey(P);
        PersonState p =
                harness.getOperator()
                        .getPartitionedState(
                                org.apache.flink.runtime.state.VoidNamespace.INSTANCE,
                                org.apache.flink.runtime.state.VoidNamespaceSerializer.INSTANCE,
                                SelfPayMonitor.PERSON)
                        .value();
        return p == null ? null : new PersonYearsAndMonths(p.years.length, p.months.length);
    }
}

package org.medwarn.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medwarn.state.TestEvents.record;
import static org.medwarn.state.TestEvents.registry;
import static org.medwarn.state.TestEvents.reversal;
import static org.medwarn.state.TestEvents.settlement;
import static org.medwarn.state.TestEvents.t;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.medwarn.avro.Category;
import org.medwarn.avro.LedgerEntry;
import org.medwarn.avro.Level;
import org.medwarn.avro.Warning;
import org.medwarn.ingest.DeadLetters;
import org.medwarn.ingest.MonitoringEvent;
import org.medwarn.ingest.PolicyUpdate;
import org.medwarn.policy.PolicyHistory;
import org.medwarn.policy.PolicyLoader;
import org.medwarn.time.ChinaTime;

/**
 * Properties of {@link SelfPayMonitor} in its operator harness, under the default policy: for any
 * set of settlements of three persons in 2025 (one an assistance target, so blue counts too), some
 * of them reversed, delivered in any order and with any redeliveries, all within the late bound,
 *
 * <ul>
 *   <li>each person-year's final total (its last ledger row, and its closed row when the year
 *       closes) is the sum of {@code psn_part_amt} over the distinct settlements not reversed;
 *   <li>the warnings of a person-year form a chain: sequence 1, 2, …, the first from NONE, each
 *       warning's from_level the previous warning's to_level, the last to_level the final level;
 *   <li>nothing is dead-lettered, and once every year has closed (a reversal dated in 2026 keeps
 *       its entry until 2026 closes) no timer is left.
 * </ul>
 */
class SelfPayMonitorPropertyTest {
    private static final String[] PERSONS = {"A001", "B002", "C003"};
    private static final long YEAR_START = t("2025-01-01 00:00:00");
    private static final int MINUTES_2025 = 365 * 24 * 60;

    /**
     * One settlement: its person, time, self-pay in cents, and the delay of its reversal if any.
     */
    record Original(int person, long minute, long cents, Long reversalDelayMinutes) {
        long time() {
            return YEAR_START + minute * 60_000;
        }
    }

    /** The settlements and the delivery order: indices into {@link #events}, repeats included. */
    record Scenario(List<Original> originals, List<Integer> order) {
        /** The distinct events: the originals S0…, then their reversals R0…. */
        List<MonitoringEvent> events() {
            List<MonitoringEvent> events = new ArrayList<>();
            for (int i = 0; i < originals.size(); i++) {
                Original o = originals.get(i);
                events.add(
                        settlement(
                                PERSONS[o.person()],
                                "S" + i,
                                ChinaTime.format(o.time()),
                                BigDecimal.valueOf(o.cents(), 2).toPlainString()));
            }
            for (int i = 0; i < originals.size(); i++) {
                Original o = originals.get(i);
                if (o.reversalDelayMinutes() != null) {
                    events.add(
                            reversal(
                                    PERSONS[o.person()],
                                    "R" + i,
                                    "S" + i,
                                    ChinaTime.format(o.time() + o.reversalDelayMinutes() * 60_000),
                                    BigDecimal.valueOf(-o.cents(), 2).toPlainString()));
                }
            }
            return events;
        }

        /** Expected final total per "psn year": the originals that are not reversed. */
        Map<String, Long> expectedTotals() {
            Map<String, Long> totals = new LinkedHashMap<>();
            for (Original o : originals) {
                String key = PERSONS[o.person()] + " " + ChinaTime.yearOf(o.time());
                long counted = o.reversalDelayMinutes() == null ? o.cents() : 0;
                totals.merge(key, counted, Long::sum);
            }
            return totals;
        }
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<Original> original =
                Combinators.combine(
                                Arbitraries.integers().between(0, PERSONS.length - 1),
                                Arbitraries.longs().between(0, MINUTES_2025 - 1),
                                // up to 200,000 元: a few settlements cross every threshold
                                Arbitraries.longs().between(0, 20_000_000L),
                                Arbitraries.longs()
                                        .between(0, 60 * 24 * 60)
                                        .injectNull(0.7)) // about 30% reversed
                        .as(Original::new);
        return original.list()
                .ofMinSize(1)
                .ofMaxSize(12)
                .flatMap(
                        originals -> {
                            int distinct =
                                    originals.size()
                                            + (int)
                                                    originals.stream()
                                                            .filter(
                                                                    o ->
                                                                            o.reversalDelayMinutes()
                                                                                    != null)
                                                            .count();
                            return Arbitraries.integers()
                                    .between(0, distinct - 1)
                                    .list()
                                    .ofMaxSize(6) // redeliveries
                                    .flatMap(
                                            again -> {
                                                List<Integer> order =
                                                        new ArrayList<>(
                                                                IntStream.range(0, distinct)
                                                                        .boxed()
                                                                        .toList());
                                                order.addAll(again);
                                                return Arbitraries.shuffle(order)
                                                        .map(o -> new Scenario(originals, o));
                                            });
                        });
    }

    @Property(tries = 40)
    void totalsAreTheDistinctNonReversedSettlementsAndWarningsNeverSkipATransition(
            @ForAll("scenarios") Scenario scenario) throws Exception {
        KeyedBroadcastOperatorTestHarness<String, MonitoringEvent, PolicyUpdate, Warning> h =
                MonitorHarness.open(PolicyHistory.of(PolicyLoader.defaultPolicy()), null);
        try {
            // the registry is loaded first, as in production: A001 is an assistance target
            h.processElement(
                    record(
                            registry(
                                    PERSONS[0],
                                    Category.ASSISTED,
                                    "低保对象",
                                    "371525101203",
                                    "2024-01-01 00:00:00")));
            for (int index : scenario.order()) {
                // a fresh copy per delivery, as a redelivery would be decoded again
                h.processElement(record(scenario.events().get(index)));
            }
            h.processWatermark(t("2026-03-31 23:59:59")); // the last moment 2025 still counts

            List<Warning> warnings = h.extractOutputValues();
            List<LedgerEntry> rows = MonitorHarness.drain(h, SelfPayMonitor.LEDGER);
            Map<String, Long> expected = scenario.expectedTotals();
            assertThat(lastTotals(rows)).isEqualTo(expected);
            assertChains(warnings, rows);

            // 2025 closes, and 2026 (which holds reversals dated in 2026 against redelivery)
            h.processWatermark(t("2027-04-01 00:00:00"));
            List<LedgerEntry> closed = MonitorHarness.drain(h, SelfPayMonitor.LEDGER);
            assertThat(closed).allMatch(LedgerEntry::getClosed);
            assertThat(lastTotals(closed)).isEqualTo(expected);
            assertThat(MonitorHarness.drain(h, DeadLetters.TAG)).isEmpty();
            assertThat(h.numEventTimeTimers()).isZero();
        } finally {
            h.close();
        }
    }

    /** The annual total in cents of the last ledger row of each "psn year". */
    private static Map<String, Long> lastTotals(List<LedgerEntry> rows) {
        Map<String, Long> totals = new LinkedHashMap<>();
        for (LedgerEntry l : rows) {
            totals.put(
                    l.getPsnNo() + " " + l.getYear(),
                    l.getAnnualSelfPay().movePointRight(2).longValueExact());
        }
        return totals;
    }

    private static void assertChains(List<Warning> warnings, List<LedgerEntry> rows) {
        Map<String, Level> finalLevel = new LinkedHashMap<>();
        for (LedgerEntry l : rows) {
            finalLevel.put(l.getPsnNo() + " " + l.getYear(), l.getLevel());
        }
        Map<String, Warning> previous = new LinkedHashMap<>();
        for (Warning w : warnings) {
            String key = w.getPsnNo() + " " + w.getYear();
            Warning before = previous.put(key, w);
            assertThat(w.getToLevel())
                    .as("a warning changes the level")
                    .isNotEqualTo(w.getFromLevel());
            if (before == null) {
                assertThat(w.getSequence()).as(key + " first sequence").isEqualTo(1);
                assertThat(w.getFromLevel()).as(key + " first from_level").isEqualTo(Level.NONE);
            } else {
                assertThat(w.getSequence()).as(key).isEqualTo(before.getSequence() + 1);
                assertThat(w.getFromLevel())
                        .as(key + " from_level of #" + w.getSequence())
                        .isEqualTo(before.getToLevel());
            }
        }
        finalLevel.forEach(
                (key, level) -> {
                    Warning last = previous.get(key);
                    assertThat(last == null ? Level.NONE : last.getToLevel())
                            .as(key + " final level")
                            .isEqualTo(level);
                });
    }
}

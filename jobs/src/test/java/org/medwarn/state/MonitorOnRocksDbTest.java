package org.medwarn.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medwarn.state.TestEvents.record;
import static org.medwarn.state.TestEvents.t;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.medwarn.avro.Category;
import org.medwarn.avro.Warning;
import org.medwarn.ingest.DeadLetters;
import org.medwarn.ingest.MonitoringEvent;
import org.medwarn.ingest.PolicyUpdate;
import org.medwarn.job.MonitorOperator;
import org.medwarn.policy.PolicyHistory;
import org.medwarn.policy.PolicyLoader;

/**
 * The monitor on RocksDB ({@link MonitorOperator}, which lets a year close without {@code
 * isEmpty()}/{@code clear()} on an emptied settlements map) gives the same warnings, ledger rows
 * and dead letters as on the heap backend, through a checkpoint and restore in the middle and
 * policies published while it runs; after the years close, only the registry entries stay, and no
 * timer, on either backend.
 */
class MonitorOnRocksDbTest {
    private static final DateTimeFormatter CHINA =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.ofHours(8));

    /** One step of the scenario: an event, a watermark, a policy, or a checkpoint and restore. */
    private record Step(
            MonitoringEvent event, Long watermark, PolicyUpdate policy, boolean restore) {}

    @Test
    void rocksDbAndTheHeapGiveTheSameOutputsAndBothForgetClosedYears() throws Exception {
        List<Step> steps = scenario(new Random(20251207L));
        List<String> heap = run(steps, HashMapStateBackend::new);
        List<String> rocksDb = run(steps, EmbeddedRocksDBStateBackend::new);

        assertThat(heap).anyMatch(s -> s.startsWith("warning"));
        assertThat(heap).anyMatch(s -> s.startsWith("dead"));
        assertThat(heap).anyMatch(s -> s.contains("POLICY_CHANGE") && s.contains("high-2025-07"));
        assertThat(heap).anyMatch(s -> s.contains("POLICY_CHANGE") && s.contains("higher-2025-08"));
        // timers of one time fire, and a policy visits the persons, in each backend's key order:
        // each person's outputs in order are what must be equal
        assertThat(byPerson(rocksDb)).isEqualTo(byPerson(heap));
    }

    /** The outputs of each person, in order. */
    private static Map<String, List<String>> byPerson(List<String> outputs) {
        Map<String, List<String>> byPerson = new TreeMap<>();
        for (String o : outputs) {
            Matcher m = PERSON.matcher(o);
            assertThat(m.find()).as(o).isTrue();
            byPerson.computeIfAbsent(m.group(), k -> new ArrayList<>()).add(o);
        }
        return byPerson;
    }

    private static final Pattern PERSON = Pattern.compile("P\\d{3}");

    /** The scenario's outputs in order, on the state backend {@code backend} makes. */
    private static List<String> run(List<Step> steps, Supplier<StateBackend> backend)
            throws Exception {
        List<String> out = new ArrayList<>();
        var h = open(backend, null);
        long checkpoint = 0;
        for (Step s : steps) {
            if (s.event() != null) {
                h.processElement(record(s.event()));
            } else if (s.watermark() != null) {
                h.processWatermark(s.watermark());
            } else if (s.policy() != null) {
                h.processBroadcastElement(s.policy(), 0L);
            } else {
                // as a task does: the barrier is prepared, then the snapshot
                h.prepareSnapshotPreBarrier(++checkpoint);
                OperatorSubtaskState snapshot = h.snapshot(checkpoint, checkpoint);
                drain(h, out);
                h.close();
                h = open(backend, snapshot);
            }
            drain(h, out);
        }
        h.processWatermark(t("2027-04-01 00:00:00"));
        drain(h, out);
        // what stays: every person's registry entry, no settlement
        assertThat(keys(h, SelfPayMonitor.PERSON.getName())).as("persons").isEqualTo(12);
        assertThat(keys(h, SelfPayMonitor.SETTLEMENTS.getName())).as("settlements").isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
        return out;
    }

    /** How many keys have state {@code name} in the backend. */
    private static long keys(
            KeyedBroadcastOperatorTestHarness<String, MonitoringEvent, PolicyUpdate, Warning> h,
            String name) {
        try (var keys =
                h.getOperator().getKeyedStateBackend().getKeys(name, VoidNamespace.INSTANCE)) {
            return keys.count();
        }
    }

    private static KeyedBroadcastOperatorTestHarness<String, MonitoringEvent, PolicyUpdate, Warning>
            open(Supplier<StateBackend> backend, OperatorSubtaskState from) throws Exception {
        var h =
                new KeyedBroadcastOperatorTestHarness<>(
                        new MonitorOperator(
                                new SelfPayMonitor(PolicyHistory.of(PolicyLoader.defaultPolicy()))),
                        (MonitoringEvent e) -> e.psnNo,
                        Types.STRING,
                        1,
                        1,
                        0);
        h.setStateBackend(backend.get());
        ((SerializerConfigImpl) h.getExecutionConfig().getSerializerConfig())
                .setGenericTypes(false);
        h.setup();
        if (from != null) {
            h.initializeState(from);
        }
        h.open();
        return h;
    }

    private static void drain(
            KeyedBroadcastOperatorTestHarness<String, MonitoringEvent, PolicyUpdate, Warning> h,
            List<String> out) {
        for (String w : MonitorHarness.warnings(h)) {
            out.add("warning " + w);
        }
        for (var l : MonitorHarness.drain(h, SelfPayMonitor.LEDGER)) {
            out.add("ledger " + TestEvents.render(l));
        }
        for (var d : MonitorHarness.drain(h, DeadLetters.TAG)) {
            out.add("dead " + TestEvents.render(d));
        }
    }

    /**
     * 12 persons (every third an assistance target) through 2025: heavy-tailed settlements in time
     * order with redeliveries, conflicting duplicates, reversals (some before their original), a
     * registry change, late settlements of 2025 after it closed, a policy published before and one
     * after it takes effect, and a checkpoint and restore in the middle.
     */
    private static List<Step> scenario(Random random) {
        List<Step> steps = new ArrayList<>();
        int persons = 12;
        for (int p = 0; p < persons; p++) {
            steps.add(
                    event(
                            TestEvents.registry(
                                    psn(p),
                                    p % 3 == 0 ? Category.ASSISTED : Category.ORDINARY,
                                    p % 3 == 0 ? "低保对象" : null,
                                    "3715251012" + String.format("%02d", p),
                                    "2024-01-01 00:00:00")));
        }
        long start = t("2025-01-01 08:00:00");
        long step = 6 * 3600_000L;
        List<MonitoringEvent> counted = new ArrayList<>();
        MonitoringEvent heldBack = null;
        for (int i = 0; i < 1400; i++) {
            long time = start + i * step;
            String psn = psn(random.nextInt(persons));
            // heavy tail: mostly hundreds of 元, now and then tens of thousands
            long cents =
                    random.nextInt(10) == 0
                            ? 500_000 + random.nextInt(6_000_000)
                            : 1_000 + random.nextInt(80_000);
            MonitoringEvent s =
                    TestEvents.settlement(
                            psn, "S" + i, CHINA.format(Instant.ofEpochMilli(time)), yuan(cents));
            if (i % 97 == 5) {
                heldBack = s; // its reversal comes first
                int r = i;
                steps.add(event(reversalOf(s, "R" + r, time)));
                continue;
            }
            steps.add(event(s));
            counted.add(s);
            if (heldBack != null && i % 97 == 9) {
                steps.add(event(heldBack));
                heldBack = null;
            }
            if (i % 41 == 0) {
                steps.add(event(s)); // a redelivery
            }
            if (i % 113 == 7) {
                steps.add(
                        event(
                                TestEvents.settlement(
                                        psn,
                                        "S" + i,
                                        CHINA.format(Instant.ofEpochMilli(time)),
                                        yuan(cents + 100)))); // a conflicting duplicate
            }
            if (i % 53 == 11 && !counted.isEmpty()) {
                MonitoringEvent original = counted.get(random.nextInt(counted.size()));
                steps.add(event(reversalOf(original, "R" + i, time)));
            }
            if (i == 600) {
                steps.add(
                        event(
                                TestEvents.registry(
                                        psn(1),
                                        Category.ASSISTED,
                                        "特困人员",
                                        "371525101201",
                                        CHINA.format(Instant.ofEpochMilli(time)))));
            }
            if (i == 300) {
                // published before it takes effect: a timer per person
                steps.add(policy("high-2025-07", "2025-07-01", 150_000, 250_000, 500_000));
            }
            if (i == 900) {
                // published after it took effect: every person's state at once (a scan)
                steps.add(policy("higher-2025-08", "2025-08-01", 200_000, 400_000, 900_000));
            }
            if (i == 700) {
                steps.add(new Step(null, null, null, true));
            }
            if (i % 20 == 19) {
                steps.add(new Step(null, time - 3 * 24 * 3600_000L, null, false));
            }
        }
        // 2025 closes at the end of its late-settlement bound: later 2025 settlements are late
        steps.add(new Step(null, t("2026-04-01 00:00:00"), null, false));
        steps.add(event(TestEvents.settlement(psn(2), "LATE1", "2025-12-30 10:00:00", "300.00")));
        steps.add(event(TestEvents.settlement(psn(2), "S2026", "2026-04-02 10:00:00", "300.00")));
        return steps;
    }

    private static MonitoringEvent reversalOf(MonitoringEvent original, String setlId, long time) {
        return TestEvents.reversal(
                original.psnNo,
                setlId,
                original.setlId,
                CHINA.format(Instant.ofEpochMilli(time)),
                "-" + yuan(original.psnPartCents));
    }

    /** A policy whose thresholds (元) are far above the default's, so that levels fall. */
    private static Step policy(
            String version, String effectiveFrom, int assistedBlue, int yellow, int red) {
        String yaml =
                "version: %s\neffective_from: \"%s\"\nmeasure: calendar_year\nthresholds:\n"
                                .formatted(version, effectiveFrom)
                        + "  ASSISTED: {BLUE: %d, YELLOW: %d, RED: %d}\n"
                                .formatted(assistedBlue, yellow, red)
                        + "  ORDINARY: {YELLOW: %d, RED: %d}\n".formatted(yellow, red);
        return new Step(null, null, PolicyChangeAndRollingTest.update(yaml), false);
    }

    private static Step event(MonitoringEvent e) {
        return new Step(e, null, null, false);
    }

    private static String psn(int p) {
        return String.format("P%03d", p);
    }

    private static String yuan(long cents) {
        return String.format("%d.%02d", cents / 100, cents % 100);
    }
}

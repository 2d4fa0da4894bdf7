package org.medwarn.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.medwarn.avro.Category;
import org.medwarn.avro.LedgerEntry;
import org.medwarn.avro.Level;
import org.medwarn.policy.Policy;
import org.medwarn.policy.PolicyHistory;
import org.medwarn.policy.PolicyLoader;
import org.medwarn.region.RegionDirectory;
import org.medwarn.sink.search.SearchDocument;
import org.medwarn.sink.search.SearchDocuments;
import org.medwarn.time.ChinaTime;

/** Harness tests of the two aggregate operators: deltas, absolute documents, snapshots, cleanup. */
class AggregatesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Policy POLICY = PolicyLoader.defaultPolicy();

    private static LedgerEntry ledger(
            String psn, String village, Level level, String yuan, boolean closed) {
        LedgerEntry l = new LedgerEntry();
        l.setPsnNo(psn);
        l.setYear(2025);
        l.setCategory(Category.ASSISTED);
        l.setLevel(level);
        l.setAnnualSelfPay(new BigDecimal(yuan));
        l.setSettlementsCounted(1);
        l.setCountyCode(village.substring(0, 6));
        l.setTownshipCode(village.substring(0, 9));
        l.setVillageCode(village);
        l.setPolicyVersion("p");
        l.setClosed(closed);
        return l;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, LedgerEntry, AggregateDelta>
            deltas() throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new AggregateDeltas()),
                        l -> l.getPsnNo(),
                        Types.STRING);
        h.open();
        return h;
    }

    @Test
    void aLevelChangeMovesThePersonBetweenGroupsAtEveryRegionLevel() throws Exception {
        try (var h = deltas()) {
            long t = ChinaTime.parse("2025-03-01 09:00:00");
            h.processElement(ledger("P1", "371525101001", Level.NONE, "25000.00", false), t);
            h.processElement(ledger("P1", "371525101001", Level.BLUE, "30000.00", false), t + 1);
            List<AggregateDelta> out = h.extractOutputValues();
            assertThat(out).hasSize(9);
            assertThat(out.subList(3, 6))
                    .extracting(
                            d ->
                                    d.regionLevel
                                            + " "
                                            + d.level
                                            + " "
                                            + d.persons
                                            + " "
                                            + d.selfPayCents)
                    .containsExactly(
                            "county NONE -1 -2500000",
                            "township NONE -1 -2500000",
                            "village NONE -1 -2500000");
            assertThat(out.subList(6, 9))
                    .extracting(d -> d.groupKey() + " " + d.persons + " " + d.selfPayCents)
                    .containsExactly(
                            "county-371525-ASSISTED-BLUE-2025 1 3000000",
                            "township-371525101-ASSISTED-BLUE-2025 1 3000000",
                            "village-371525101001-ASSISTED-BLUE-2025 1 3000000");
            assertThat(h.numKeyedStateEntries()).isEqualTo(1);
        }
    }

    @Test
    void aRowThatChangesNothingCountedEmitsNothingAndTheClosedRowRemovesTheState()
            throws Exception {
        try (var h = deltas()) {
            h.processElement(ledger("P1", "371525101001", Level.BLUE, "30000.00", false), 1L);
            h.processElement(ledger("P1", "371525101001", Level.BLUE, "30000.00", false), 2L);
            h.processElement(ledger("P1", "371525101001", Level.BLUE, "30000.00", true), 3L);
            assertThat(h.extractOutputValues()).hasSize(3);
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }

    @Test
    void aChangeOfSelfPayOnlyIsOneDeltaPerGroupWithoutPersons() throws Exception {
        try (var h = deltas()) {
            h.processElement(ledger("P1", "371525101001", Level.NONE, "100.00", false), 1L);
            h.processElement(ledger("P1", "371525101001", Level.NONE, "250.00", false), 2L);
            List<AggregateDelta> out = h.extractOutputValues();
            assertThat(out.subList(3, out.size()))
                    .extracting(d -> d.groupKey() + " " + d.persons + " " + d.selfPayCents)
                    .containsExactly(
                            "county-371525-ASSISTED-NONE-2025 0 15000",
                            "township-371525101-ASSISTED-NONE-2025 0 15000",
                            "village-371525101001-ASSISTED-NONE-2025 0 15000");
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, AggregateDelta, SearchDocument>
            groups(long flushIntervalMs) throws Exception {
        SearchDocuments docs =
                new SearchDocuments(RegionDirectory.defaultDirectory(), PolicyHistory.of(POLICY));
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new AggregateGroups(POLICY, docs, flushIntervalMs)),
                AggregateDelta::groupKey,
                Types.STRING);
    }

    private static List<String> current(List<SearchDocument> docs) {
        return sources(docs.stream().filter(d -> d.id.startsWith("current-")).toList()).stream()
                .map(j -> j.get("persons").asLong() + "/" + j.get("revision").asLong())
                .toList();
    }

    @Test
    void theCurrentDocumentIsWrittenOncePerFlushIntervalWithAllDeltasUntilThen() throws Exception {
        try (var h = groups(1000)) {
            h.open();
            h.setProcessingTime(10_000);
            long t = ChinaTime.parse("2025-03-30 10:00:00");
            h.processElement(delta(1, 3_000_000), t);
            h.setProcessingTime(10_400);
            h.processElement(delta(1, 3_000_000), t + 1);
            h.processElement(delta(-1, -3_000_000), t + 2);
            assertThat(h.extractOutputValues()).isEmpty();
            assertThat(h.numProcessingTimeTimers()).isEqualTo(1);

            h.setProcessingTime(11_000);
            assertThat(current(h.extractOutputValues())).containsExactly("1/3");
            assertThat(h.numProcessingTimeTimers()).isZero();

            h.setProcessingTime(12_000); // nothing new: nothing written
            assertThat(h.extractOutputValues()).hasSize(1);
            h.processElement(delta(1, 1_000), t + 3);
            assertThat(h.numProcessingTimeTimers()).isEqualTo(1);
            h.setProcessingTime(13_000);
            assertThat(current(h.extractOutputValues())).containsExactly("1/3", "2/4");
        }
    }

    @Test
    void thePendingDocumentIsWrittenWhenTheYearClosesBeforeTheStateGoes() throws Exception {
        try (var h = groups(60_000)) {
            h.open();
            h.setProcessingTime(0);
            h.processElement(delta(1, 3_000_000), ChinaTime.parse("2026-03-31 10:00:00"));
            h.processWatermark(POLICY.yearClosesAt(2025)); // e.g. the end of a bounded input
            assertThat(current(h.extractOutputValues())).containsExactly("1/1");
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(h.numProcessingTimeTimers()).isZero();
        }
    }

    @Test
    void aPendingDocumentSurvivesACheckpointAndIsWrittenByTheRestoredJob() throws Exception {
        org.apache.flink.runtime.checkpoint.OperatorSubtaskState snapshot;
        try (var h = groups(1000)) {
            h.open();
            h.setProcessingTime(0);
            h.processElement(delta(1, 3_000_000), ChinaTime.parse("2025-03-30 10:00:00"));
            h.processElement(delta(1, 500), ChinaTime.parse("2025-03-30 10:00:01"));
            snapshot = h.snapshot(1L, 1L);
            assertThat(h.extractOutputValues()).isEmpty();
        }
        try (var restored = groups(1000)) {
            restored.initializeState(snapshot);
            restored.open();
            restored.setProcessingTime(1000);
            assertThat(current(restored.extractOutputValues())).containsExactly("2/2");
            assertThat(
                            sources(restored.extractOutputValues())
                                    .get(0)
                                    .get("self_pay_cents")
                                    .asLong())
                    .isEqualTo(3_000_500);
        }
    }

    @Test
    void dailySnapshotsStartInTheGroupsYearWhateverTheTimeOfItsFirstDelta() throws Exception {
        try (var h = groups(0)) {
            h.open();
            // a ledger row re-evaluated by a registry record effective since 2019
            h.processElement(delta(1, 100), ChinaTime.parse("2019-05-01 00:00:00"));
            h.processWatermark(ChinaTime.parse("2025-01-03 00:00:00"));
            assertThat(dailyDates(h)).containsExactly("2025-01-01", "2025-01-02");
        }
    }

    @Test
    void dailySnapshotsStartAtTheEarliestDeltaWhateverTheOrderOfArrival() throws Exception {
        // two monitor subtasks feed a group: the later delta may come first
        try (var h = groups(0)) {
            h.open();
            h.processElement(delta(1, 100), ChinaTime.parse("2025-03-05 10:00:00"));
            h.processElement(delta(1, 100), ChinaTime.parse("2025-03-03 10:00:00"));
            h.processWatermark(ChinaTime.parse("2025-03-06 00:00:00"));
            // not after the watermark passed it: history already written stays as it is
            h.processElement(delta(1, 100), ChinaTime.parse("2025-03-01 10:00:00"));
            h.processWatermark(ChinaTime.parse("2025-03-07 00:00:00"));
            assertThat(dailyDates(h))
                    .containsExactly("2025-03-03", "2025-03-04", "2025-03-05", "2025-03-06");
            assertThat(h.numEventTimeTimers()).isEqualTo(2); // next midnight, year close
        }
    }

    @Test
    void groupsEmitAbsoluteVersionedDocumentsDailySnapshotsAndAreRemovedWhenTheYearCloses()
            throws Exception {
        SearchDocuments docs =
                new SearchDocuments(RegionDirectory.defaultDirectory(), PolicyHistory.of(POLICY));
        try (var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new AggregateGroups(POLICY, docs, 0)),
                        AggregateDelta::groupKey,
                        Types.STRING)) {
            h.open();
            long day1 = ChinaTime.parse("2026-03-30 10:00:00");
            AggregateDelta plus = delta(1, 3_000_000);
            AggregateDelta minus = delta(-1, -3_000_000);
            h.processElement(plus, day1);
            h.processElement(plus, day1 + 1);
            h.processElement(minus, day1 + 2);
            List<JsonNode> current = sources(h.extractOutputValues());
            assertThat(current)
                    .extracting(j -> j.get("persons").asLong() + "/" + j.get("revision").asLong())
                    .containsExactly("1/1", "2/2", "1/3");
            assertThat(current.get(2).get("township_name").asText()).isEqualTo("贾镇");
            assertThat(current.get(2).get("region_name").asText()).isEqualTo("贾镇");
            assertThat(h.extractOutputValues().get(2).id)
                    .isEqualTo("current-township-371525101-ASSISTED-BLUE-2025");
            assertThat(h.numEventTimeTimers()).isEqualTo(2); // next midnight, year close

            h.processWatermark(POLICY.yearClosesAt(2025));
            List<SearchDocument> daily =
                    h.extractOutputValues().stream()
                            .filter(d -> d.id.startsWith("daily-"))
                            .toList();
            assertThat(daily)
                    .extracting(d -> d.id)
                    .containsExactly(
                            "daily-township-371525101-ASSISTED-BLUE-2026-03-30",
                            "daily-township-371525101-ASSISTED-BLUE-2026-03-31");
            assertThat(sources(daily).get(1).get("self_pay_text").asText()).isEqualTo("30000.00");
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void villageGroupsHaveTheirCurrentDocumentOnlyAndAreRemovedWhenTheYearCloses()
            throws Exception {
        try (var h = groups(0)) {
            h.open();
            AggregateDelta village = delta(1, 3_000_000);
            village.regionLevel = "village";
            village.regionCode = "371525101001";
            village.villageCode = "371525101001";
            h.processElement(village, ChinaTime.parse("2025-03-05 10:00:00"));
            assertThat(h.numEventTimeTimers()).isEqualTo(1); // year close only
            h.processWatermark(POLICY.yearClosesAt(2025));
            assertThat(h.extractOutputValues())
                    .extracting(d -> d.id)
                    .containsExactly("current-village-371525101001-ASSISTED-BLUE-2025");
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    /** The dates of the daily snapshots of the test group emitted so far. */
    private static List<String> dailyDates(
            KeyedOneInputStreamOperatorTestHarness<String, AggregateDelta, SearchDocument> h) {
        String prefix = "daily-township-371525101-ASSISTED-BLUE-";
        return h.extractOutputValues().stream()
                .map(d -> d.id)
                .filter(id -> id.startsWith(prefix))
                .map(id -> id.substring(prefix.length()))
                .toList();
    }

    private static AggregateDelta delta(int persons, long cents) {
        AggregateDelta d = new AggregateDelta();
        d.regionLevel = "township";
        d.regionCode = "371525101";
        d.countyCode = "371525";
        d.townshipCode = "371525101";
        d.category = Category.ASSISTED;
        d.level = Level.BLUE;
        d.year = 2025;
        d.persons = persons;
        d.selfPayCents = cents;
        return d;
    }

    private static List<JsonNode> sources(List<SearchDocument> docs) {
        return docs.stream()
                .map(
                        d -> {
                            try {
                                return JSON.readTree(d.source);
                            } catch (Exception e) {
                                throw new AssertionError(e);
                            }
                        })
                .collect(Collectors.toList());
    }
}

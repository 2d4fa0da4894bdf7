package org.medwarn.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.medwarn.avro.Category;
import org.medwarn.avro.LedgerEntry;
import org.medwarn.avro.Level;

/** Only the latest ledger row of each person-year per checkpoint reaches the transactional sink. */
class LatestLedgerRowsTest {

    @Test
    void writesTheLatestRowPerPersonYearAtEachBarrierAndAtTheEnd() throws Exception {
        try (OneInputStreamOperatorTestHarness<LedgerEntry, LedgerEntry> h =
                new OneInputStreamOperatorTestHarness<>(new LatestLedgerRows())) {
            h.open();
            h.processElement(new StreamRecord<>(row("P1", 2025, 1, false), 10));
            h.processElement(new StreamRecord<>(row("P2", 2025, 1, false), 11));
            h.processElement(new StreamRecord<>(row("P1", 2025, 2, false), 12));
            h.processElement(new StreamRecord<>(row("P1", 2024, 7, true), 13));
            h.processElement(new StreamRecord<>(row("P1", 2025, 3, false), 14));
            assertThat(rows(h)).isEmpty();

            h.prepareSnapshotPreBarrier(1);
            assertThat(rows(h)).containsExactly("P1/2025 r3", "P2/2025 r1", "P1/2024 r7 closed");
            h.getOutput().clear();

            h.prepareSnapshotPreBarrier(2);
            assertThat(rows(h)).isEmpty();

            h.processElement(new StreamRecord<>(row("P2", 2025, 2, false), 20));
            h.processElement(new StreamRecord<>(row("P2", 2025, 3, true), 21));
            h.endInput();
            assertThat(rows(h)).containsExactly("P2/2025 r3 closed");
            assertThat(h.extractOutputStreamRecords().get(0).getTimestamp()).isEqualTo(21);
        }
    }

    private static List<String> rows(
            OneInputStreamOperatorTestHarness<LedgerEntry, LedgerEntry> h) {
        return h.extractOutputValues().stream()
                .map(
                        l ->
                                l.getPsnNo()
                                        + "/"
                                        + l.getYear()
                                        + " r"
                                        + l.getRevision()
                                        + (l.getClosed() ? " closed" : ""))
                .collect(Collectors.toList());
    }

    private static LedgerEntry row(String psn, int year, long revision, boolean closed) {
        return LedgerEntry.newBuilder()
                .setPsnNo(psn)
                .setYear(year)
                .setCategory(Category.ORDINARY)
                .setLevel(Level.NONE)
                .setAnnualSelfPay(new BigDecimal("100.00"))
                .setSettlementsCounted((int) revision)
                .setCountyCode("371525")
                .setPolicyVersion("default-2022")
                .setRegistryMissing(false)
                .setClosed(closed)
                .setRevision(revision)
                .build();
    }
}

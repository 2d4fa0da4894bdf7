package org.medwarn.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medwarn.avro.Category;
import org.medwarn.avro.LedgerEntry;
import org.medwarn.avro.Level;
import org.medwarn.state.LedgerUpdate;
import org.medwarn.time.ChinaTime;

/**
 * {@link CadenceMembership}: which ledger rows become changes, their effective times (late rows
 * just after the watermark, never before an earlier change), removals, and state cleanup.
 */
class CadenceMembershipTest {
    private KeyedOneInputStreamOperatorTestHarness<String, LedgerUpdate, CadenceChange> harness;

    /** The event time the monitor had reached: what its rows carry. */
    private long watermark = Long.MIN_VALUE;

    @BeforeEach
    void open() throws Exception {
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new CadenceMembership()),
                        u -> u.row.getPsnNo(),
                        Types.STRING);
        ((SerializerConfigImpl) harness.getExecutionConfig().getSerializerConfig())
                .setGenericTypes(false);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private static long t(String chinaTime) {
        return ChinaTime.parse(chinaTime);
    }

    private void row(Level level, String township, String time, boolean closed) throws Exception {
        LedgerEntry l = new LedgerEntry();
        l.setPsnNo("P1");
        l.setYear(2025);
        l.setCategory(Category.ASSISTED);
        l.setLevel(level);
        l.setAnnualSelfPay(new BigDecimal("31000.00"));
        l.setSettlementsCounted(1);
        l.setCountyCode(township.substring(0, 6));
        l.setTownshipCode(township);
        l.setPolicyVersion("t");
        l.setClosed(closed);
        harness.processElement(new StreamRecord<>(new LedgerUpdate(l, watermark), t(time)));
    }

    /** {@code county member-or-removal @effective}. */
    private List<String> changes() {
        return harness.extractOutputValues().stream()
                .map(
                        c ->
                                c.county
                                        + " "
                                        + (c.member == null ? "leaves" : c.member.level.name())
                                        + " @"
                                        + ChinaTime.format(c.effectiveTime))
                .toList();
    }

    @Test
    void personsAtNoneNeverListedLeaveNoTrace() throws Exception {
        row(Level.NONE, "371525101", "2025-03-01 09:00:00", false);
        row(Level.NONE, "371525101", "2026-04-01 00:00:00", true);
        assertThat(changes()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void lateRowsCountJustAfterTheWatermarkAndNeverBeforeAnEarlierChange() throws Exception {
        row(Level.BLUE, "371525101", "2025-03-01 09:00:00", false);
        watermark = t("2025-03-10 00:00:00");
        row(Level.BLUE, "371525101", "2025-03-02 09:00:00", false); // late
        row(Level.YELLOW, "371525101", "2025-03-01 10:00:00", false); // late, and older
        assertThat(changes())
                .containsExactly(
                        "371525 BLUE @2025-03-01 09:00:00",
                        "371525 BLUE @2025-03-10 00:00:00",
                        "371525 YELLOW @2025-03-10 00:00:00");
        // +1 ms after the watermark: formatted to the second
        assertThat(harness.extractOutputValues().get(1).effectiveTime)
                .isEqualTo(t("2025-03-10 00:00:00") + 1);
        assertThat(harness.extractOutputValues().get(1).eventTime)
                .isEqualTo(t("2025-03-02 09:00:00"));
    }

    @Test
    void movingCountyFallingToNoneAndClosingRemove() throws Exception {
        row(Level.BLUE, "371525101", "2025-03-01 09:00:00", false);
        row(Level.BLUE, "371526001", "2025-04-01 09:00:00", false); // moved county
        row(Level.NONE, "371526001", "2025-05-01 09:00:00", false); // reversal: below blue
        row(Level.NONE, "371526001", "2025-06-01 09:00:00", false); // still nothing to tell
        row(Level.BLUE, "371526001", "2025-07-01 09:00:00", false);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        row(Level.BLUE, "371526001", "2026-04-01 00:00:00", true); // the year closes
        assertThat(changes())
                .containsExactly(
                        "371525 BLUE @2025-03-01 09:00:00",
                        "371525 leaves @2025-04-01 09:00:00",
                        "371526 BLUE @2025-04-01 09:00:00",
                        "371526 leaves @2025-05-01 09:00:00",
                        "371526 BLUE @2025-07-01 09:00:00",
                        "371526 leaves @2026-04-01 00:00:00");
        assertThat(harness.numKeyedStateEntries()).as("cleared with the year").isZero();
    }
}

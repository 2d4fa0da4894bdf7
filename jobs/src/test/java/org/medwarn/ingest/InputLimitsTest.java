package org.medwarn.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medwarn.time.ChinaTime;

/** Size and settlement-time limits, decided by the record and its received time alone. */
class InputLimitsTest {
    private static final InputLimits LIMITS = InputLimits.DEFAULTS;
    private static final long RECEIVED = ChinaTime.parse("2026-11-24 14:00:00");

    private static RawRecord ofSize(int bytes) {
        return new RawRecord(
                RawRecord.InputKind.SETTLEMENT,
                RawRecord.Encoding.AVRO,
                "settlements",
                0,
                1L,
                new byte[bytes]);
    }

    private static void rejected(ThrowingCall call, DeadLetterReason reason, String... parts) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(
                        RejectedInputException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .satisfies(e -> assertThat(e.getMessage()).contains(List.of(parts)));
    }

    @Test
    void defaultsAreOneMebibyteOneHourFiveYears() {
        assertThat(LIMITS.maxRecordBytes()).isEqualTo(1_048_576L);
        assertThat(LIMITS.futureTolerance()).isEqualTo(Duration.ofHours(1));
        assertThat(LIMITS.retentionYears()).isEqualTo(5);
    }

    @Test
    void recordAtTheLimitPassesOneByteMoreIsOversized() {
        assertThatCode(() -> LIMITS.checkSize(ofSize(1_048_576))).doesNotThrowAnyException();
        rejected(
                () -> LIMITS.checkSize(ofSize(1_048_577)),
                DeadLetterReason.OVERSIZED,
                "1048577 bytes",
                "limit of 1048576 bytes",
                "max-record-bytes");
        assertThatCode(() -> LIMITS.checkSize(new RawRecord())).doesNotThrowAnyException();
    }

    @Test
    void settlementUpToTheToleranceAfterItsReceivedTimeIsAccepted() {
        assertThatCode(
                        () ->
                                LIMITS.checkSettlementTime(
                                        ChinaTime.parse("2026-11-24 15:00:00"), RECEIVED))
                .doesNotThrowAnyException();
        rejected(
                () -> LIMITS.checkSettlementTime(ChinaTime.parse("2026-11-24 15:00:01"), RECEIVED),
                DeadLetterReason.FUTURE_TIME,
                "setl_time: 2026-11-24 15:00:01",
                "received time 2026-11-24 14:00:00",
                "future-tolerance");
    }

    @Test
    void retentionHorizonIsTheFirstOfJanuaryFiveYearsBeforeTheReceivedYear() {
        assertThatCode(
                        () ->
                                LIMITS.checkSettlementTime(
                                        ChinaTime.parse("2021-01-01 00:00:00"), RECEIVED))
                .doesNotThrowAnyException();
        rejected(
                () -> LIMITS.checkSettlementTime(ChinaTime.parse("2020-12-31 23:59:59"), RECEIVED),
                DeadLetterReason.BEFORE_RETENTION_HORIZON,
                "setl_time: 2020-12-31 23:59:59",
                "retention horizon 2021-01-01 00:00:00",
                "5 years");
    }

    @Test
    void recordWithoutReceivedTimeIsNotCheckedAgainstTime() {
        assertThatCode(
                        () ->
                                LIMITS.checkSettlementTime(
                                        ChinaTime.parse("2099-01-01 00:00:00"),
                                        RawRecord.NO_TIMESTAMP))
                .doesNotThrowAnyException();
    }

    @Test
    void invalidLimitsNameTheOption() {
        assertThatThrownBy(() -> new InputLimits(0, Duration.ZERO, 1))
                .hasMessageContaining("max-record-bytes: 0");
        assertThatThrownBy(() -> new InputLimits(1, Duration.ofMinutes(-1), 1))
                .hasMessageContaining("future-tolerance");
        assertThatThrownBy(() -> new InputLimits(1, Duration.ZERO, -1))
                .hasMessageContaining("retention-years: -1");
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws Exception;
    }
}

package org.medwarn.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.junit.jupiter.api.Test;
import org.medwarn.time.ChinaTime;

/** Event time at the source: setl_time of what decoding accepts, decoded once for the chain. */
class SettlementTimeAtSourceTest {
    private final TimestampAssigner<RawRecord> assigner =
            SettlementTimeAtSource.supplier(InputLimits.DEFAULTS).createTimestampAssigner(null);
    private final RecordDecoder decoder = new RecordDecoder();

    private final byte[] settlement;

    SettlementTimeAtSourceTest() throws Exception {
        settlement = RecordDecoderTest.bytes(InputValidatorTest.valid().build().toByteBuffer());
    }

    @Test
    void aValidSettlementHasItsSetlTimeAndIsNotDecodedAgain() throws Exception {
        RawRecord raw =
                RecordDecoderTest.received(
                        RawRecord.InputKind.SETTLEMENT, settlement, "2025-03-01 10:05:00");
        assertThat(assigner.extractTimestamp(raw, raw.timestamp))
                .isEqualTo(ChinaTime.parse("2025-03-01 10:00:00"));
        MonitoringEvent decodedOnce = raw.decoded;
        assertThat(decodedOnce.setlId).isEqualTo("S1");
        assertThat(decoder.decode(raw)).isSameAs(decodedOnce);
    }

    @Test
    void aRejectedRecordHasNoTimestampAndKeepsItsReasonForTheDeadLetters() {
        // dated two hours after it was received: FUTURE_TIME, must not carry the watermark along
        RawRecord future =
                RecordDecoderTest.received(
                        RawRecord.InputKind.SETTLEMENT, settlement, "2025-03-01 08:00:00");
        assertThat(assigner.extractTimestamp(future, future.timestamp))
                .isEqualTo(TimestampAssigner.NO_TIMESTAMP);
        assertThatThrownBy(() -> decoder.decode(future))
                .isSameAs(future.rejected)
                .isInstanceOfSatisfying(
                        RejectedInputException.class,
                        e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.FUTURE_TIME));

        RawRecord garbage =
                RecordDecoderTest.received(
                        RawRecord.InputKind.SETTLEMENT,
                        new byte[] {1, 2, 3},
                        "2025-03-01 08:00:00");
        assertThat(assigner.extractTimestamp(garbage, garbage.timestamp))
                .isEqualTo(TimestampAssigner.NO_TIMESTAMP);
        assertThat(garbage.rejected.reason()).isEqualTo(DeadLetterReason.NOT_AVRO);
    }
}

package org.medwarn.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.medwarn.avro.DeadLetter;
import org.medwarn.cli.Args;
import org.medwarn.ingest.DeadLetterReason;
import org.medwarn.time.ChinaTime;

/** Which dead letters {@code dead-letters replay} chooses, and its option errors. */
class DeadLetterReplayCommandTest {
    private static DeadLetterReplayCommand.Selection selection(String... argv) {
        return DeadLetterReplayCommand.Selection.of(
                new Args("dead-letters replay", argv, DeadLetterReplayCommand.OPTIONS));
    }

    private static DeadLetter deadLetter(String reason, String source) {
        return DeadLetter.newBuilder()
                .setReason(reason)
                .setDetail("d")
                .setSource(source)
                .setRaw(ByteBuffer.wrap(new byte[] {1}))
                .build();
    }

    @Test
    void choosesByReasonSourceAndWrittenTime() {
        var s =
                selection(
                        "--reason",
                        "UNKNOWN_SCHEMA,OVERSIZED",
                        "--from",
                        "2026-11-01",
                        "--to",
                        "2026-11-02 12:00:00");
        assertThat(s.reasons())
                .isEqualTo(Set.of(DeadLetterReason.UNKNOWN_SCHEMA, DeadLetterReason.OVERSIZED));
        long inside = ChinaTime.parse("2026-11-01 08:00:00");
        assertThat(s.chooses(deadLetter("UNKNOWN_SCHEMA", "settlements"), inside)).isTrue();
        assertThat(s.chooses(deadLetter("OVERSIZED", "persons"), inside)).isTrue();
        assertThat(s.chooses(deadLetter("NOT_AVRO", "settlements"), inside)).isFalse();
        assertThat(
                        s.chooses(
                                deadLetter("UNKNOWN_SCHEMA", "settlements"),
                                ChinaTime.parse("2026-10-31 23:59:59")))
                .isFalse();
        assertThat(
                        s.chooses(
                                deadLetter("UNKNOWN_SCHEMA", "settlements"),
                                ChinaTime.parse("2026-11-02 12:00:00")))
                .as("--to is exclusive")
                .isFalse();
    }

    @Test
    void neverChoosesWhatDidNotComeFromAnInputTopic() {
        var s = selection("--reason", "SEARCH_REJECTED", "--reason", "NOT_JSON");
        assertThat(s.chooses(deadLetter("SEARCH_REJECTED", "medwarn-ledger"), 0)).isFalse();
        assertThat(s.chooses(deadLetter("NOT_JSON", "settlements.jsonl"), 0)).isFalse();
    }

    @Test
    void sourceNarrowsToOneInputTopic() {
        var s = selection("--reason", "BAD_REGION", "--source", "persons");
        assertThat(s.chooses(deadLetter("BAD_REGION", "persons"), 0)).isTrue();
        assertThat(s.chooses(deadLetter("BAD_REGION", "settlements"), 0)).isFalse();
    }

    @Test
    void errorsNameTheOptionAndValue() {
        assertThatThrownBy(() -> selection("--reason", "NOT_AVRO,NO_SUCH"))
                .hasMessageContaining("--reason 'NO_SUCH' is not one of");
        assertThatThrownBy(() -> selection("--from", "2026-11-01"))
                .hasMessageContaining("--reason is required");
        assertThatThrownBy(() -> selection("--reason", "NOT_AVRO", "--from", "yesterday"))
                .hasMessageContaining("--from 'yesterday'");
        assertThatThrownBy(() -> selection("--reason", "NOT_AVRO", "--source", "warnings"))
                .hasMessageContaining("--source 'warnings' is not an input topic");
    }
}

package org.medwarn.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.flink.core.io.InputStatus;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * {@link RegistryProgressSource.Reader}: the offsets a checkpoint reported are committed when that
 * checkpoint completes, never before, and only the completed one's (no broker: the Kafka reader and
 * the committer are stand-ins; {@code MonitoringJobIT} and {@code TriageIT} run the gate on a real
 * broker).
 */
class RegistryProgressSourceTest {
    private static final TopicPartition P0 = new TopicPartition("persons", 0);
    private static final TopicPartition P1 = new TopicPartition("persons", 1);

    /** A Kafka reader whose snapshot reports the splits set by the test. */
    private static final class FakeKafkaReader
            implements SourceReader<String, KafkaPartitionSplit> {
        List<KafkaPartitionSplit> splits = List.of();
        final List<String> calls = new ArrayList<>();

        @Override
        public void start() {}

        @Override
        public InputStatus pollNext(ReaderOutput<String> output) {
            return InputStatus.NOTHING_AVAILABLE;
        }

        @Override
        public List<KafkaPartitionSplit> snapshotState(long checkpointId) {
            calls.add("snapshot " + checkpointId);
            return splits;
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void addSplits(List<KafkaPartitionSplit> splits) {}

        @Override
        public void notifyNoMoreSplits() {}

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            calls.add("complete " + checkpointId);
        }

        @Override
        public void pauseOrResumeSplits(Collection<String> pause, Collection<String> resume) {}

        @Override
        public void close() {
            calls.add("close");
        }
    }

    /** Records the commits. */
    private static final class RecordingCommitter implements RegistryProgressSource.Committer {
        final List<String> commits = new ArrayList<>();
        boolean closed;

        @Override
        public void commit(long checkpointId, Map<TopicPartition, OffsetAndMetadata> offsets) {
            List<String> parts = new ArrayList<>();
            offsets.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey((a, b) -> a.partition() - b.partition()))
                    .forEach(e -> parts.add(e.getKey() + "=" + e.getValue().offset()));
            commits.add(checkpointId + ": " + String.join(" ", parts));
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private final FakeKafkaReader kafka = new FakeKafkaReader();
    private final RecordingCommitter committer = new RecordingCommitter();
    private final RegistryProgressSource.Reader<String> reader =
            new RegistryProgressSource.Reader<>(kafka, committer);

    private static KafkaPartitionSplit at(TopicPartition tp, long nextOffset) {
        return new KafkaPartitionSplit(tp, nextOffset);
    }

    @Test
    void commitsTheOffsetsOfACheckpointWhenItCompletes() throws Exception {
        kafka.splits = List.of(at(P0, 120), at(P1, 95));
        assertThat(reader.snapshotState(1)).isEqualTo(kafka.splits);
        assertThat(committer.commits).as("not before it completes").isEmpty();

        kafka.splits = List.of(at(P0, 300), at(P1, 250));
        reader.snapshotState(2);
        reader.notifyCheckpointComplete(1);
        assertThat(committer.commits).containsExactly("1: persons-0=120 persons-1=95");

        reader.notifyCheckpointComplete(2);
        assertThat(committer.commits).endsWith("2: persons-0=300 persons-1=250");
        assertThat(kafka.calls)
                .as("the Kafka reader still commits too")
                .containsExactly("snapshot 1", "snapshot 2", "complete 1", "complete 2");
        assertThat(reader.pendingCheckpoints()).isZero();
    }

    @Test
    void aCompletedCheckpointSubsumesEarlierOnesAndAbortedOnesAreDropped() throws Exception {
        kafka.splits = List.of(at(P0, 10));
        reader.snapshotState(1);
        kafka.splits = List.of(at(P0, 20));
        reader.snapshotState(2);
        kafka.splits = List.of(at(P0, 30));
        reader.snapshotState(3);
        reader.notifyCheckpointAborted(3);
        reader.notifyCheckpointComplete(2);

        assertThat(committer.commits).containsExactly("2: persons-0=20");
        assertThat(reader.pendingCheckpoints()).as("1 subsumed, 3 aborted").isZero();
    }

    @Test
    void splitsWithoutAnOffsetYetAndReadersWithoutSplitsCommitNothing() throws Exception {
        // a split that has not started yet reports its starting-offset marker (EARLIEST = -2)
        kafka.splits = List.of(at(P0, KafkaPartitionSplit.EARLIEST_OFFSET), at(P1, 7));
        reader.snapshotState(1);
        reader.notifyCheckpointComplete(1);
        kafka.splits = List.of();
        reader.snapshotState(2);
        reader.notifyCheckpointComplete(2);

        assertThat(committer.commits).containsExactly("1: persons-1=7");
        reader.close();
        assertThat(committer.closed).isTrue();
        assertThat(kafka.calls).endsWith("close");
    }
}

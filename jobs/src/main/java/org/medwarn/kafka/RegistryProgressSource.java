package org.medwarn.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.KafkaSourceEnumState;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 名册进度: the registry ({@code persons}) source, whose readers also commit the offsets of every
 * completed checkpoint under the consumer group {@link RegistryCatchUp} watches, at once.
 *
 * <p>The Kafka source commits its offsets at a completed checkpoint too, but in its fetcher thread,
 * which waits up to 10 s in a poll of an idle partition first (flink-connector-kafka 5.0's {@code
 * KafkaPartitionSplitReader}): when the registry had been read to its end, the settlements waited
 * that long after the checkpoint that held it all (measured in {@code ./medwarn local}: committed
 * offsets unchanged for 10.7 s over five completed checkpoints). These readers commit through an
 * {@link Admin} client of their own, from the task thread's checkpoint notification, the offsets
 * they reported for that checkpoint; a separate group ({@code <group>-registry-read}), so that the
 * source's own commits, which arrive later and in their order, never move it back.
 *
 * <p>Everything else is the Kafka source's own: splits, enumerator, checkpoint state (a savepoint
 * of the plain source restores into this one). A failed commit is logged and retried with the next
 * checkpoint's offsets.
 */
public final class RegistryProgressSource<T>
        implements Source<T, KafkaPartitionSplit, KafkaSourceEnumState>, ResultTypeQueryable<T> {
    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(RegistryProgressSource.class);

    /** What is appended to the job's group id for the group of the registry's progress. */
    public static final String GROUP_SUFFIX = "-registry-read";

    private final KafkaSource<T> registry;
    private final String bootstrapServers;
    private final String progressGroup;

    /**
     * @param registry the registry topic's source
     * @param bootstrapServers the job's brokers
     * @param progressGroup the group to commit the checkpoints' offsets under ({@link
     *     RegistryCatchUp} reads it)
     */
    public RegistryProgressSource(
            KafkaSource<T> registry, String bootstrapServers, String progressGroup) {
        this.registry = registry;
        this.bootstrapServers = bootstrapServers;
        this.progressGroup = progressGroup;
    }

    @Override
    public Boundedness getBoundedness() {
        return registry.getBoundedness();
    }

    @Override
    public SourceReader<T, KafkaPartitionSplit> createReader(SourceReaderContext context)
            throws Exception {
        return new Reader<>(
                registry.createReader(context),
                new AdminCommitter(bootstrapServers, progressGroup));
    }

    @Override
    public SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> createEnumerator(
            SplitEnumeratorContext<KafkaPartitionSplit> context) throws Exception {
        return registry.createEnumerator(context);
    }

    @Override
    public SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> restoreEnumerator(
            SplitEnumeratorContext<KafkaPartitionSplit> context, KafkaSourceEnumState state)
            throws Exception {
        return registry.restoreEnumerator(context, state);
    }

    @Override
    public SimpleVersionedSerializer<KafkaPartitionSplit> getSplitSerializer() {
        return registry.getSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<KafkaSourceEnumState> getEnumeratorCheckpointSerializer() {
        return registry.getEnumeratorCheckpointSerializer();
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return registry.getProducedType();
    }

    /** The Kafka reader, plus the commit of each completed checkpoint's offsets. */
    static final class Reader<T> implements SourceReader<T, KafkaPartitionSplit> {
        private final SourceReader<T, KafkaPartitionSplit> kafka;
        private final Committer committer;

        /** The offsets each pending checkpoint reported, by checkpoint id. */
        private final TreeMap<Long, Map<TopicPartition, OffsetAndMetadata>> pending =
                new TreeMap<>();

        Reader(SourceReader<T, KafkaPartitionSplit> kafka, Committer committer) {
            this.kafka = kafka;
            this.committer = committer;
        }

        @Override
        public List<KafkaPartitionSplit> snapshotState(long checkpointId) {
            List<KafkaPartitionSplit> splits = kafka.snapshotState(checkpointId);
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (KafkaPartitionSplit s : splits) {
                if (s.getStartingOffset() >= 0) { // the next offset to read
                    offsets.put(
                            s.getTopicPartition(), new OffsetAndMetadata(s.getStartingOffset()));
                }
            }
            pending.put(checkpointId, offsets);
            return splits;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) throws Exception {
            kafka.notifyCheckpointComplete(checkpointId);
            Map<TopicPartition, OffsetAndMetadata> offsets = pending.get(checkpointId);
            // this checkpoint subsumes the earlier ones still pending
            pending.headMap(checkpointId, true).clear();
            if (offsets != null && !offsets.isEmpty()) {
                committer.commit(checkpointId, offsets);
            }
        }

        @Override
        public void notifyCheckpointAborted(long checkpointId) throws Exception {
            pending.remove(checkpointId);
            kafka.notifyCheckpointAborted(checkpointId);
        }

        @Override
        public void start() {
            kafka.start();
        }

        @Override
        public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
            return kafka.pollNext(output);
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            return kafka.isAvailable();
        }

        @Override
        public void addSplits(List<KafkaPartitionSplit> splits) {
            kafka.addSplits(splits);
        }

        @Override
        public void notifyNoMoreSplits() {
            kafka.notifyNoMoreSplits();
        }

        @Override
        public void handleSourceEvents(SourceEvent sourceEvent) {
            kafka.handleSourceEvents(sourceEvent);
        }

        @Override
        public void pauseOrResumeSplits(
                Collection<String> splitsToPause, Collection<String> splitsToResume) {
            kafka.pauseOrResumeSplits(splitsToPause, splitsToResume);
        }

        @Override
        public void close() throws Exception {
            try {
                kafka.close();
            } finally {
                committer.close();
            }
        }

        /** Checkpoints whose offsets wait for their completion (tests). */
        int pendingCheckpoints() {
            return pending.size();
        }
    }

    /** Commits a completed checkpoint's offsets (asynchronously). */
    interface Committer extends AutoCloseable {
        void commit(long checkpointId, Map<TopicPartition, OffsetAndMetadata> offsets);

        @Override
        void close();
    }

    /** Commits through an {@link Admin} client of its own, created at the first commit. */
    static final class AdminCommitter implements Committer {
        private final String bootstrapServers;
        private final String group;
        private Admin admin;

        AdminCommitter(String bootstrapServers, String group) {
            this.bootstrapServers = bootstrapServers;
            this.group = group;
        }

        @Override
        public void commit(long checkpointId, Map<TopicPartition, OffsetAndMetadata> offsets) {
            if (admin == null) {
                Properties p = new Properties();
                p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
                p.put(AdminClientConfig.CLIENT_ID_CONFIG, group + "-commit");
                admin = Admin.create(p);
            }
            admin.alterConsumerGroupOffsets(group, offsets)
                    .all()
                    .whenComplete(
                            (ok, e) -> {
                                if (e != null) {
                                    LOG.warn(
                                            "registry: could not commit the offsets of checkpoint"
                                                    + " {} under group {} (the next checkpoint"
                                                    + " commits again): {}",
                                            checkpointId,
                                            group,
                                            e.toString());
                                }
                            });
        }

        @Override
        public void close() {
            if (admin != null) {
                admin.close(Duration.ofSeconds(5));
                admin = null;
            }
        }
    }
}

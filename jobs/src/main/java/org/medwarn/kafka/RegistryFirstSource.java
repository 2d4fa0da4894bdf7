package org.medwarn.kafka;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.KafkaSourceEnumState;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 先名册后结算: the settlements topic, read only once the job has read the person registry as it stood
 * when the job started. A replay reads the registry file before the settlements; the live job reads
 * both topics at once, and without this a settlement read before its person's registry record is
 * judged as an ordinary insured's ({@code registry_missing}), so an assistance target's 蓝 warning
 * could be missed for good (found by {@code TriageIT}: P001's settlements came before its registry
 * record in 3 of 4 runs).
 *
 * <p>It wraps a {@link KafkaSource}: the readers, splits and checkpoint state are the Kafka
 * source's own (a savepoint of the plain source restores into this one), only the enumerator waits
 * before it assigns partitions: until {@link RegistryCatchUp} finds the registry read and committed
 * (the first checkpoint after the monitor has it all), or at most {@code maxWait}, after which it
 * logs a warning and reads anyway. It logs the registry's progress while it waits. Readers that
 * were restored with their partitions read at once: their registry is in the restored state.
 */
public final class RegistryFirstSource<T>
        implements Source<T, KafkaPartitionSplit, KafkaSourceEnumState>, ResultTypeQueryable<T> {
    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(RegistryFirstSource.class);

    /** How often the enumerator asks whether the registry is read. */
    private static final Duration CHECK_EVERY = Duration.ofMillis(500);

    /** How often it logs the registry's progress while it waits. */
    private static final Duration LOG_EVERY = Duration.ofSeconds(10);

    private final KafkaSource<T> settlements;
    private final RegistryCatchUp registry;
    private final Duration maxWait;

    /**
     * @param settlements the settlements source
     * @param registry where the job stands in the registry topic
     * @param maxWait the longest wait before the settlements are read anyway
     */
    public RegistryFirstSource(
            KafkaSource<T> settlements, RegistryCatchUp registry, Duration maxWait) {
        this.settlements = settlements;
        this.registry = registry;
        this.maxWait = maxWait;
    }

    @Override
    public Boundedness getBoundedness() {
        return settlements.getBoundedness();
    }

    @Override
    public SourceReader<T, KafkaPartitionSplit> createReader(SourceReaderContext context)
            throws Exception {
        return settlements.createReader(context);
    }

    @Override
    public SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> createEnumerator(
            SplitEnumeratorContext<KafkaPartitionSplit> context) {
        return new Enumerator(settlements.createEnumerator(context), context);
    }

    @Override
    public SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> restoreEnumerator(
            SplitEnumeratorContext<KafkaPartitionSplit> context, KafkaSourceEnumState state)
            throws Exception {
        return new Enumerator(settlements.restoreEnumerator(context, state), context);
    }

    @Override
    public SimpleVersionedSerializer<KafkaPartitionSplit> getSplitSerializer() {
        return settlements.getSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<KafkaSourceEnumState> getEnumeratorCheckpointSerializer() {
        return settlements.getEnumeratorCheckpointSerializer();
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return settlements.getProducedType();
    }

    /**
     * The Kafka enumerator, started (partition discovery and assignment) once the registry is read.
     * Everything else goes to it at once: before it starts it has no partitions to assign, and its
     * checkpoint says that initial discovery has not run.
     */
    private final class Enumerator
            implements SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> {
        private final SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> kafka;
        private final SplitEnumeratorContext<KafkaPartitionSplit> context;

        /** Set in the coordinator thread, read by the checks in the worker thread. */
        private volatile boolean started;

        private long waitStarted;
        private long lastLogged;

        /** Worker thread: when it last logged that the broker could not tell. */
        private long lastWarned;

        Enumerator(
                SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> kafka,
                SplitEnumeratorContext<KafkaPartitionSplit> context) {
            this.kafka = kafka;
            this.context = context;
        }

        @Override
        public void start() {
            waitStarted = System.currentTimeMillis();
            lastLogged = waitStarted;
            LOG.info(
                    "settlements: waiting until the registry topic '{}' is read (at most {})",
                    registry.topic(),
                    maxWait);
            context.callAsync(this::check, this::startWhenRead, 0, CHECK_EVERY.toMillis());
        }

        /** Worker thread: the registry's progress, or null once started. */
        private RegistryCatchUp.Progress check() {
            if (started) {
                return null;
            }
            try {
                return registry.check();
            } catch (Exception e) {
                long now = System.currentTimeMillis();
                if (now - lastWarned >= LOG_EVERY.toMillis()) {
                    lastWarned = now;
                    LOG.warn(
                            "settlements: cannot tell the registry's progress yet (asking again"
                                    + " every {}): {}",
                            CHECK_EVERY,
                            e.toString());
                }
                return new RegistryCatchUp.Progress(0, 0, false);
            }
        }

        /** Coordinator thread. */
        private void startWhenRead(RegistryCatchUp.Progress progress, Throwable error) {
            if (started || progress == null) {
                return;
            }
            long now = System.currentTimeMillis();
            long waited = now - waitStarted;
            if (progress.caughtUp()) {
                LOG.info(
                        "settlements: registry read ({} records) after {} ms; reading"
                                + " settlements",
                        progress.total(),
                        waited);
            } else if (waited >= maxWait.toMillis()) {
                LOG.warn(
                        "settlements: registry still not read after {} ({} of {} records);"
                                + " reading settlements anyway: settlements of persons whose"
                                + " registry record comes later count as registry_missing until"
                                + " it does",
                        maxWait,
                        progress.read(),
                        progress.total());
            } else {
                if (now - lastLogged >= LOG_EVERY.toMillis()) {
                    lastLogged = now;
                    LOG.info(
                            "settlements: waiting for the registry: {} of {} records read",
                            progress.read(),
                            progress.total());
                }
                return;
            }
            started = true;
            registry.close();
            kafka.start();
        }

        @Override
        public void handleSplitRequest(int subtaskId, String requesterHostname) {
            kafka.handleSplitRequest(subtaskId, requesterHostname);
        }

        @Override
        public void addSplitsBack(List<KafkaPartitionSplit> splits, int subtaskId) {
            kafka.addSplitsBack(splits, subtaskId);
        }

        @Override
        public void addReader(int subtaskId) {
            kafka.addReader(subtaskId);
        }

        @Override
        public KafkaSourceEnumState snapshotState(long checkpointId) throws Exception {
            return kafka.snapshotState(checkpointId);
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) throws Exception {
            kafka.notifyCheckpointComplete(checkpointId);
        }

        @Override
        public void close() throws java.io.IOException {
            registry.close();
            kafka.close();
        }
    }
}

package org.medwarn.job;

import java.util.List;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.state.rocksdb.RocksDBKeyedStateBackend;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.medwarn.avro.Warning;
import org.medwarn.ingest.MonitoringEvent;
import org.medwarn.ingest.PolicyUpdate;
import org.medwarn.state.PersonState;
import org.medwarn.state.SelfPayMonitor;
import org.medwarn.state.WriteBehindCache;
import org.medwarn.state.WriteBehindValueState;

/**
 * The operator of {@link SelfPayMonitor}: event time is that of the settlements (first input)
 * alone. The published policies (second, broadcast input) carry none: that input counts as idle
 * from {@link #open} on, and its watermarks (also the end-of-input one of a bounded policy source)
 * and statuses are dropped. A policy takes effect when the settlements' watermark reaches its
 * {@code effective_from}.
 *
 * <p>Why in the operator and not upstream (an idle status sent by the policy input): Flink starts
 * each input at the minimum watermark until its first status or watermark arrives over the network,
 * which is a race with the settlements. When a replay's settlements were all read before the policy
 * input's idle status arrived (a slow task start on a loaded machine), the monitor's event time
 * jumped from the start straight to the end of input, and every screening and feedback of the run
 * was missing (found by {@code ReplayCommandTest} in CI).
 *
 * <p>On RocksDB the operator keeps the {@link SelfPayMonitor#PERSON} values of up to {@link
 * #cachedPersons} persons on the heap between checkpoints ({@link SelfPayMonitor#cachePersons}) and
 * writes the changed ones back in {@link #prepareSnapshotPreBarrier}, before the barrier: a
 * person's next event then needs no RocksDB read and no deserialisation, and a checkpoint still
 * holds every change. Metrics {@code medwarn.personCacheHits}, {@code personCacheMisses}, {@code
 * personCacheWrites}.
 */
public final class MonitorOperator
        extends CoBroadcastWithKeyedOperator<String, MonitoringEvent, PolicyUpdate, Warning> {
    private static final long serialVersionUID = 1L;

    /** Flink's index of the second input in {@code processWatermarkStatus(status, input)}. */
    static final int SECOND_INPUT = 1;

    /**
     * Persons cached per subtask by default: a person's state is ~1 KB on the heap, so ~50 MB; a
     * county's active persons of a few weeks fit.
     */
    static final int DEFAULT_CACHED_PERSONS = 50_000;

    private final SelfPayMonitor monitor;

    /** How many persons' state the heap keeps per subtask (0: no cache). */
    private final int cachedPersons;

    /** The cache, on RocksDB; null on the heap backend. */
    private transient WriteBehindValueState<PersonState> persons;

    public MonitorOperator(SelfPayMonitor monitor) {
        this(monitor, DEFAULT_CACHED_PERSONS);
    }

    /** With a cache of {@code cachedPersons} per subtask on RocksDB (0: none). */
    public MonitorOperator(SelfPayMonitor monitor, int cachedPersons) {
        super(monitor, List.of(SelfPayMonitor.POLICIES));
        this.monitor = monitor;
        this.cachedPersons = cachedPersons;
    }

    @Override
    public void open() throws Exception {
        super.open();
        super.processWatermarkStatus(WatermarkStatus.IDLE, SECOND_INPUT);
        // the heap backend keeps the objects themselves: a cache would add nothing, and changing
        // a cached value in place during an asynchronous heap snapshot would corrupt it
        boolean rocksDb = getKeyedStateBackend() instanceof RocksDBKeyedStateBackend;
        if (rocksDb) {
            monitor.emptiedSettlementsVanish();
        }
        if (cachedPersons > 0 && rocksDb) {
            persons = monitor.cachePersons(this, cachedPersons);
            WriteBehindCache<Object, PersonState> cache = persons.cache();
            MetricGroup metrics = getMetricGroup().addGroup("medwarn");
            metrics.gauge("personCacheHits", cache::hits);
            metrics.gauge("personCacheMisses", cache::misses);
            metrics.gauge("personCacheWrites", cache::writes);
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        if (persons != null) {
            persons.flush();
        }
    }

    /** Whether the persons' state is cached on the heap (RocksDB backend). */
    public boolean cachesPersons() {
        return persons != null;
    }

    @Override
    public void processWatermark2(Watermark mark) {
        // dropped: see the class comment
    }

    @Override
    protected void processWatermarkStatus(WatermarkStatus status, int input) throws Exception {
        if (input != SECOND_INPUT) {
            super.processWatermarkStatus(status, input);
        }
    }
}

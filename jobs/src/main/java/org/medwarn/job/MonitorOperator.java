package org.medwarn.job;

import java.util.List;
import org.apache.flink.state.rocksdb.RocksDBKeyedStateBackend;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.medwarn.avro.Warning;
import org.medwarn.ingest.MonitoringEvent;
import org.medwarn.ingest.PolicyUpdate;
import org.medwarn.state.SelfPayMonitor;

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
 * <p>On RocksDB it tells the monitor that an emptied map state leaves nothing behind ({@link
 * SelfPayMonitor#emptiedSettlementsVanish}), so that closing a year does not seek over the entries
 * the close removed. Public for the monitor's tests on RocksDB ({@code MonitorOnRocksDbTest}).
 */
public final class MonitorOperator
        extends CoBroadcastWithKeyedOperator<String, MonitoringEvent, PolicyUpdate, Warning> {
    private static final long serialVersionUID = 1L;

    /** Flink's index of the second input in {@code processWatermarkStatus(status, input)}. */
    static final int SECOND_INPUT = 1;

    private final SelfPayMonitor monitor;

    public MonitorOperator(SelfPayMonitor monitor) {
        super(monitor, List.of(SelfPayMonitor.POLICIES));
        this.monitor = monitor;
    }

    @Override
    public void open() throws Exception {
        super.open();
        super.processWatermarkStatus(WatermarkStatus.IDLE, SECOND_INPUT);
        if (getKeyedStateBackend() instanceof RocksDBKeyedStateBackend) {
            monitor.emptiedSettlementsVanish();
        }
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

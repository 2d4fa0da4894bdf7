package org.medwarn.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.medwarn.avro.Warning;
import org.medwarn.ingest.MonitoringEvent;
import org.medwarn.ingest.PolicyUpdate;
import org.medwarn.policy.PolicyHistory;

/** {@link SelfPayMonitor} in Flink's keyed broadcast operator harness, and draining its outputs. */
final class MonitorHarness {
    private MonitorHarness() {}

    /**
     * An open harness (restored from {@code restoreFrom} when not null) whose broadcast input has
     * no event time: the watermark is the settlements' alone.
     */
    static KeyedBroadcastOperatorTestHarness<String, MonitoringEvent, PolicyUpdate, Warning> open(
            PolicyHistory policies, OperatorSubtaskState restoreFrom) throws Exception {
        KeyedBroadcastOperatorTestHarness<String, MonitoringEvent, PolicyUpdate, Warning> h =
                openHeldBack(policies, restoreFrom);
        h.processBroadcastWatermark(Long.MAX_VALUE);
        return h;
    }

    /**
     * An open harness whose broadcast input has not yet said that it has no event time, as in a job
     * before the policies input's idle status arrives: the operator's watermark stays at its start
     * whatever watermark the settlements carry.
     */
    static KeyedBroadcastOperatorTestHarness<String, MonitoringEvent, PolicyUpdate, Warning>
            openHeldBack(PolicyHistory policies, OperatorSubtaskState restoreFrom)
                    throws Exception {
        KeyedBroadcastOperatorTestHarness<String, MonitoringEvent, PolicyUpdate, Warning> h =
                new KeyedBroadcastOperatorTestHarness<>(
                        new CoBroadcastWithKeyedOperator<>(
                                new SelfPayMonitor(policies), List.of(SelfPayMonitor.POLICIES)),
                        e -> e.psnNo,
                        Types.STRING,
                        1,
                        1,
                        0);
        // State and events must serialize as POJOs: no Kryo fallback.
        ((SerializerConfigImpl) h.getExecutionConfig().getSerializerConfig())
                .setGenericTypes(false);
        if (restoreFrom != null) {
            h.initializeState(restoreFrom);
        }
        h.open();
        return h;
    }

    /** The warnings emitted since the last call, rendered by {@link TestEvents#render(Warning)}. */
    static List<String> warnings(
            KeyedBroadcastOperatorTestHarness<String, MonitoringEvent, PolicyUpdate, Warning> h) {
        List<String> out = new ArrayList<>();
        for (Warning w : h.extractOutputValues()) {
            out.add(TestEvents.render(w));
        }
        h.getOutput().clear();
        return out;
    }

    /** The side output {@code tag} emitted since the last call. */
    static <T> List<T> drain(
            KeyedBroadcastOperatorTestHarness<String, MonitoringEvent, PolicyUpdate, Warning> h,
            OutputTag<T> tag) {
        List<T> out = new ArrayList<>();
        Queue<StreamRecord<T>> queue = h.getSideOutput(tag);
        if (queue != null) {
            for (StreamRecord<T> r; (r = queue.poll()) != null; ) {
                out.add(r.getValue());
            }
        }
        return out;
    }
}

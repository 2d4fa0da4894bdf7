package org.medwarn.ingest;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.medwarn.policy.InvalidPolicyException;
import org.medwarn.policy.Policy;
import org.medwarn.policy.PolicyLoader;

/**
 * Validates policies published to the {@code policies} topic (the record value is the YAML text). A
 * valid one becomes a {@link PolicyUpdate} for the monitor's broadcast input; an invalid one goes
 * to {@link DeadLetters#TAG} with reason INVALID_POLICY and the loader's message (naming the key
 * and value), and the running policy stays.
 */
public class DecodePolicy extends ProcessFunction<RawRecord, PolicyUpdate> {
    private static final long serialVersionUID = 1L;

    private transient DeadLetters deadLetters;

    @Override
    public void open(OpenContext openContext) {
        deadLetters = new DeadLetters(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<PolicyUpdate> out) {
        byte[] value = raw.value == null ? new byte[0] : raw.value;
        String origin =
                raw.source + (raw.partition < 0 ? "" : "-" + raw.partition) + "@" + raw.offset;
        try {
            Policy policy = PolicyLoader.parse(value, origin);
            PolicyUpdate u = new PolicyUpdate();
            u.version = policy.version();
            u.effectiveFrom = policy.effectiveFrom();
            u.yaml = new String(value, StandardCharsets.UTF_8);
            u.source = raw.source;
            u.partition = raw.partition;
            u.offset = raw.offset;
            out.collect(u);
        } catch (InvalidPolicyException e) {
            ctx.output(
                    DeadLetters.TAG,
                    DeadLetters.of(raw, DeadLetterReason.INVALID_POLICY, e.getMessage()));
            deadLetters.count(DeadLetterReason.INVALID_POLICY);
        }
    }
}

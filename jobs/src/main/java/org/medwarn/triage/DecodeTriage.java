package org.medwarn.triage;

import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.medwarn.avro.TriageAction;
import org.medwarn.ingest.DeadLetters;
import org.medwarn.ingest.RawRecord;
import org.medwarn.ingest.RecordDecoder;
import org.medwarn.ingest.RejectedInputException;

/**
 * Decodes triage actions from the {@code triage} topic (Avro single-object encoding). Bytes that
 * are not a {@link TriageAction} go to {@link DeadLetters#TAG} with the decoder's reasons
 * (NOT_AVRO, UNKNOWN_SCHEMA); the rules of an action are checked later, against its case, by {@link
 * WarningTriage}.
 */
public class DecodeTriage extends ProcessFunction<RawRecord, TriageCommand> {
    private static final long serialVersionUID = 1L;

    private transient BinaryMessageDecoder<TriageAction> decoder;
    private transient DeadLetters deadLetters;

    @Override
    public void open(OpenContext openContext) {
        decoder = TriageAction.getDecoder();
        deadLetters = new DeadLetters(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<TriageCommand> out) {
        try {
            out.collect(new TriageCommand(RecordDecoder.avro(decoder, raw.value), raw));
        } catch (RejectedInputException e) {
            ctx.output(DeadLetters.TAG, DeadLetters.of(raw, e.reason(), e.getMessage()));
            deadLetters.count(e.reason());
        }
    }
}

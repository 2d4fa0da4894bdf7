package org.medwarn.triage;

import org.medwarn.avro.TriageAction;
import org.medwarn.ingest.RawRecord;

/**
 * A decoded triage action with its provenance, so that a rule that rejects it later dead-letters
 * the raw bytes. A Flink POJO.
 */
public class TriageCommand {
    public TriageAction action;

    /** The record as received (kind TRIAGE). */
    public RawRecord raw;

    public TriageCommand() {}

    public TriageCommand(TriageAction action, RawRecord raw) {
        this.action = action;
        this.raw = raw;
    }

    public String psnNo() {
        return action.getPsnNo();
    }
}

package org.medwarn.state;

import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.medwarn.ingest.MonitoringEvent;

/**
 * What is known about one {@code setl_id} of a person, until its year closes: one lookup answers
 * duplicates, conflicts, reversals and reversals that came before their original.
 */
@TypeInfo(SettlementEntrySerializer.Factory.class)
public class SettlementEntry {
    /** The year whose total the entry belongs to (of the original settlement). */
    public int year;

    /** The month of its {@code setl_time} (month index, see {@code ChinaTime.monthOf}). */
    public int month;

    public Status status;
    public long psnPartCents;
    public long fulamtOwnpayCents;
    public long fingerprint;

    /** For {@link Status#PENDING_REVERSAL}: the reversal waiting for this original. */
    public MonitoringEvent pendingReversal;

    public SettlementEntry() {}

    /** The life of a setl_id. */
    public enum Status {
        /** A settlement counted in the total. */
        COUNTED,
        /** A counted settlement cancelled by a reversal. */
        REVERSED,
        /** A reversal row (its own setl_id), remembered to ignore redelivery. */
        REVERSAL_ROW,
        /** The original has not arrived; its reversal waits here. */
        PENDING_REVERSAL
    }
}

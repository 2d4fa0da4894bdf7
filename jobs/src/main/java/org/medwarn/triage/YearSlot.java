package org.medwarn.triage;

import org.medwarn.avro.LedgerEntry;

/**
 * What the ledger (台账) document of a person-year needs from triage: the latest ledger row (to write
 * it again when the triage status changes), the status of the year's latest warning, and the number
 * of such re-writes. A Flink POJO kept in {@link PersonTriage}.
 */
public class YearSlot {
    public int year;

    /** The latest ledger row of the year, null until one arrives. */
    public LedgerEntry entry;

    /** Sequence of the year's latest warning, 0 before any. */
    public int latestSequence;

    /** Status of the year's latest warning, null before any. */
    public TriageStatus latestStatus;

    /**
     * Re-writes of the ledger document caused by triage: its version is the row's {@code revision}
     * plus this, so it increases with every write, whichever caused it.
     */
    public long bump;

    public YearSlot() {}
}

package org.medwarn.state;

import org.medwarn.avro.LedgerEntry;

/**
 * A ledger (台账) row with the event time the monitor had reached when it produced it: the input of
 * the cadences ({@code CadenceMembership}), which decide from it whether a row came after a
 * screening it belongs to. Emitted on {@link SelfPayMonitor#LEDGER_UPDATES} next to the {@link
 * SelfPayMonitor#LEDGER} rows the cadences need.
 */
public class LedgerUpdate {
    public LedgerEntry row;

    /**
     * For a row caused by an input event: the larger of the monitor's watermark and the event's
     * input watermark; for a row of an event-time timer at T: T − 1 (the cause happened at T, and
     * nothing downstream has passed T yet); {@code Long.MIN_VALUE} before any watermark.
     */
    public long watermark;

    public LedgerUpdate() {}

    public LedgerUpdate(LedgerEntry row, long watermark) {
        this.row = row;
        this.watermark = watermark;
    }
}

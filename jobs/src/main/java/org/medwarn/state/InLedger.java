package org.medwarn.state;

import org.apache.flink.api.common.functions.FilterFunction;
import org.medwarn.avro.LedgerEntry;

/**
 * 台账 rows: the {@link SelfPayMonitor#LEDGER} rows of person-years that have reached the policy's
 * ledger floor or a level (revision &gt; 0), the rows of the {@code ledger} topic and index. The
 * monitor's other rows (revision 0: a person-year still below the floor) feed the job's aggregates
 * only; a person-year never leaves the ledger within its year once in it, so its latest row outside
 * the job is always its current state (a reversal below the floor included).
 */
public final class InLedger implements FilterFunction<LedgerEntry> {
    private static final long serialVersionUID = 1L;

    /** Whether {@code row} is a row of the 台账. */
    public static boolean test(LedgerEntry row) {
        return row.getRevision() > 0;
    }

    @Override
    public boolean filter(LedgerEntry row) {
        return test(row);
    }
}

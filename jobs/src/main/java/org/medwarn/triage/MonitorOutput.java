package org.medwarn.triage;

import org.medwarn.avro.LedgerEntry;
import org.medwarn.avro.Warning;

/**
 * One output of the self-pay monitor for {@link WarningTriage}: a warning or a ledger row (exactly
 * one is set). A Flink POJO.
 */
public class MonitorOutput {
    public Warning warning;
    public LedgerEntry ledger;

    public MonitorOutput() {}

    public static MonitorOutput of(Warning w) {
        MonitorOutput o = new MonitorOutput();
        o.warning = w;
        return o;
    }

    public static MonitorOutput of(LedgerEntry l) {
        MonitorOutput o = new MonitorOutput();
        o.ledger = l;
        return o;
    }

    public String psnNo() {
        return warning != null ? warning.getPsnNo() : ledger.getPsnNo();
    }
}

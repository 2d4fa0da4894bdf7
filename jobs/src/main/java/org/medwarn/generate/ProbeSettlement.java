package org.medwarn.generate;

import java.math.BigDecimal;
import org.medwarn.avro.Settlement;

/**
 * A probe for latency measurements: a copy of a generated settlement (so it has the stream's
 * current {@code setl_time} and valid fields) for a new person without a registry entry (so an
 * ordinary insured) whose self-pay alone reaches a level, so exactly one warning follows it.
 */
public final class ProbeSettlement {
    private ProbeSettlement() {}

    /**
     * @param template a generated settlement (not changed)
     * @param psnNo a person number used by no other record
     * @param setlId a settlement id used by no other record
     * @param selfPayYuan the probe's self-pay (and total cost; no fund pays), in 元
     */
    public static Settlement of(
            Settlement template, String psnNo, String setlId, BigDecimal selfPayYuan) {
        Settlement probe = Settlement.newBuilder(template).build();
        probe.setPsnNo(psnNo);
        probe.setSetlId(setlId);
        probe.setInitSetlId(null);
        probe.setRefdSetlFlag("0");
        probe.setPsnPartAmt(selfPayYuan);
        probe.setMedfeeSumamt(selfPayYuan);
        probe.setFundPaySumamt(BigDecimal.ZERO.setScale(2));
        probe.setFulamtOwnpayAmt(BigDecimal.ZERO.setScale(2));
        return probe;
    }
}

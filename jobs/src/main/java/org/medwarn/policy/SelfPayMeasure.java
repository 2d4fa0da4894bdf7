package org.medwarn.policy;

/** Which components of a settlement count as self-pay (DOMAIN.md §5: a policy setting). */
public enum SelfPayMeasure {
    /** {@code psn_part_amt}: in-policy self-pay plus out-of-catalogue own-pay (the default). */
    PSN_PART_AMT,
    /** {@code psn_part_amt - fulamt_ownpay_amt}: only self-pay within the catalogue. */
    IN_POLICY_ONLY;

    /** The counted self-pay of a settlement, cents. */
    public long selfPay(long psnPartCents, long fulamtOwnpayCents) {
        return this == PSN_PART_AMT ? psnPartCents : psnPartCents - fulamtOwnpayCents;
    }
}

package org.medwarn.state;

/**
 * A person's self-pay components in one calendar month (China time), cents: the unit from which
 * both measures are summed (calendar year: the 12 months of the year; rolling 12 months: the 12
 * months ending with the month of the moment measured), under either self-pay setting.
 */
public class MonthBucket {
    /** Month index {@code year * 12 + month - 1} (see {@code ChinaTime.monthOf}). */
    public int month;

    /** Sum of {@code psn_part_amt} of the counted, not reversed settlements of the month. */
    public long psnPartCents;

    /** Sum of their {@code fulamt_ownpay_amt}. */
    public long fulamtOwnpayCents;

    public MonthBucket() {}
}

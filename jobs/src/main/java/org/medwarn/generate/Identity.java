package org.medwarn.generate;

/**
 * 人员身份类别 of the generated registry (DOMAIN.md §2): {@link #ORDINARY} (普通参保群众) and the labels of
 * assistance targets (帮扶对象), each with its share of the county's insured and the preferential
 * reimbursement that the one-stop settlement (一站式结算) gives it.
 *
 * <p>Shares are modelled on a former poverty county of about 0.8 million people (a few % assistance
 * targets in all); the preferences follow the Shandong pattern: 特困/低保/返贫致贫 get the critical-illness
 * deductible halved, +5 points and no cap; medical assistance (医疗救助, {@code maf_pay}) pays a share
 * of the in-policy self-pay up to an annual cap; hospitals keep out-of-catalogue costs (目录外费用) of
 * targets with preferential treatment under a small share of the bill.
 */
public enum Identity {
    ORDINARY(null, 0, false, 0, 0),
    EXTREME_POVERTY("特困人员", 50, true, 10_000, 15_000_000L),
    MINIMUM_ALLOWANCE("低保对象", 200, true, 7_000, 6_000_000L),
    MARGINAL_LOW_INCOME("低保边缘家庭成员", 40, false, 6_000, 4_000_000L),
    MONITORED("防止返贫监测对象", 50, false, 6_000, 4_000_000L),
    FELL_BACK("返贫致贫人口", 5, true, 7_000, 6_000_000L),
    LIFTED_OUT("脱贫人口", 220, false, 5_000, 2_000_000L),
    LIFTED_OUT_NO_POLICY("脱贫不享受政策人员", 30, false, 0, 0);

    /** The label in the registry ({@code identity}); null for ordinary insured. */
    public final String label;

    /** Share of the county's insured, per 10,000. */
    final int perTenThousand;

    /** 大病保险 preference: deductible halved, +5 percentage points, no annual cap. */
    final boolean criticalIllnessPreference;

    /** 医疗救助: share (basis points) of the in-policy self-pay that medical assistance pays. */
    final int assistanceBasisPoints;

    /** 医疗救助 annual cap, cents. */
    final long assistanceCapCents;

    Identity(
            String label,
            int perTenThousand,
            boolean criticalIllnessPreference,
            int assistanceBasisPoints,
            long assistanceCapCents) {
        this.label = label;
        this.perTenThousand = perTenThousand;
        this.criticalIllnessPreference = criticalIllnessPreference;
        this.assistanceBasisPoints = assistanceBasisPoints;
        this.assistanceCapCents = assistanceCapCents;
    }

    public boolean isAssisted() {
        return this != ORDINARY;
    }

    /** Hospitals cap the out-of-catalogue share of targets that receive preferential treatment. */
    boolean outOfCatalogueControlled() {
        return isAssisted() && this != LIFTED_OUT_NO_POLICY;
    }

    /** Draws an identity by share from a uniform number in [0, 10,000). */
    static Identity draw(int uniform10000) {
        int cumulative = 0;
        for (Identity i : values()) {
            if (i == ORDINARY) {
                continue;
            }
            cumulative += i.perTenThousand;
            if (uniform10000 < cumulative) {
                return i;
            }
        }
        return ORDINARY;
    }
}

package org.medwarn.generate;

import java.util.SplittableRandom;

/**
 * One person's year in full: the {@link CarePlan} and the amounts of every record. Costs are drawn
 * from the person's own amounts stream and settled through the {@link BenefitRules} in {@code
 * setl_time} order, so annual deductibles and caps accumulate as they would at the bureau; a
 * reversal carries the negated amounts of its original and gives back what it used; a redelivery
 * carries the same amounts as its original.
 *
 * <p>Cost model (元, before the split into catalogue shares): outpatient lognormal (median 85, σ
 * 0.85), pharmacy (110, 0.7), chronic monthly (400, 0.6), dialysis monthly (6,500, 0.15), routine
 * stays (5,200 at a county hospital, half at a township hospital, 2.2× at a tertiary one, σ 0.8),
 * major illness admissions (32,000, σ 0.85), catastrophic admissions Pareto (from 80,000, α 1.7, at
 * most 2.5 million). Out-of-catalogue (全自费) shares grow with the severity of the care; for
 * assistance targets with preferential treatment hospitals keep them at 8% at most (目录外费用控制).
 */
final class PersonYear {
    final int person;
    final CarePlan plan;
    final long[][] amounts;

    private PersonYear(int person, CarePlan plan) {
        this.person = person;
        this.plan = plan;
        this.amounts = new long[plan.size][];
    }

    static PersonYear generate(
            long seed, int person, PersonGenerator persons, int year, long lastDelivery) {
        PersonYear py =
                new PersonYear(
                        person, CarePlan.schedule(seed, person, persons, year, lastDelivery));
        py.settleAll(Seeds.random(seed, person, Seeds.AMOUNTS), persons);
        return py;
    }

    /** The year's self-pay after reversals: what the monitor should count. */
    long annualSelfPay() {
        long total = 0;
        for (int i = 0; i < plan.size; i++) {
            if (plan.kind[i] != CarePlan.Kind.DUPLICATE) {
                total += amounts[i][BenefitRules.PSN_PART];
            }
        }
        return total;
    }

    private void settleAll(SplittableRandom r, PersonGenerator persons) {
        PersonGenerator.Scheme scheme = persons.scheme(person);
        Identity identity = persons.identity(person);
        BenefitRules.Year year = new BenefitRules.Year();
        for (int i : settlementOrder()) {
            CarePlan.Kind kind = plan.kind[i];
            Care care = plan.care[i];
            switch (kind) {
                case ORIGINAL, RESETTLEMENT -> {
                    long[] a = new long[BenefitRules.FIELDS];
                    double correction =
                            kind == CarePlan.Kind.ORIGINAL ? 1 : 0.85 + 0.15 * r.nextDouble();
                    cost(a, care, plan.tier[i], identity, r, correction);
                    BenefitRules.settle(a, care, plan.tier[i], scheme, identity, year);
                    amounts[i] = a;
                }
                case REVERSAL -> {
                    long[] original = amounts[plan.ref[i]];
                    year.reverse(original, care, scheme);
                    long[] a = new long[BenefitRules.FIELDS];
                    for (int f = 0; f < a.length; f++) {
                        a[f] = -original[f];
                    }
                    amounts[i] = a;
                }
                case DUPLICATE -> {}
            }
        }
        for (int i = 0; i < plan.size; i++) {
            if (plan.kind[i] == CarePlan.Kind.DUPLICATE) {
                amounts[i] = amounts[plan.ref[i]];
            }
        }
    }

    /** Records other than redeliveries by settlement time (ties: record order). */
    private int[] settlementOrder() {
        int n = 0;
        int[] order = new int[plan.size];
        for (int i = 0; i < plan.size; i++) {
            if (plan.kind[i] != CarePlan.Kind.DUPLICATE) {
                order[n++] = i;
            }
        }
        for (int i = 1; i < n; i++) {
            for (int j = i; j > 0 && plan.setlTime[order[j - 1]] > plan.setlTime[order[j]]; j--) {
                int t = order[j - 1];
                order[j - 1] = order[j];
                order[j] = t;
            }
        }
        return java.util.Arrays.copyOf(order, n);
    }

    private static void cost(
            long[] a,
            Care care,
            Facility.Tier tier,
            Identity identity,
            SplittableRandom r,
            double correction) {
        double yuan;
        double ownPay;
        double overLimit = 0;
        double paidFirst;
        double u = r.nextDouble();
        switch (care) {
            case OUTPATIENT -> {
                yuan = Math.min(8_000, lognormal(r, 85, 0.85));
                ownPay = 0.10 * u;
                paidFirst = 0.05 * r.nextDouble();
            }
            case PHARMACY -> {
                yuan = lognormal(r, 110, 0.7);
                ownPay = 0.2 + 0.4 * u;
                paidFirst = 0;
            }
            case CHRONIC -> {
                yuan = lognormal(r, 400, 0.6);
                ownPay = 0.05 * u;
                paidFirst = 0.05 * r.nextDouble();
            }
            case DIALYSIS -> {
                yuan = lognormal(r, 6_500, 0.15);
                ownPay = 0.02 * u;
                paidFirst = 0.03;
            }
            case INPATIENT -> {
                double scale =
                        switch (tier) {
                            case PRIMARY -> 0.5;
                            case TERTIARY -> 2.2;
                            default -> 1;
                        };
                yuan = Math.min(300_000, lognormal(r, 5_200 * scale, 0.8));
                ownPay = 0.04 + 0.10 * u;
                overLimit = 0.01 * r.nextDouble();
                paidFirst = 0.03 + 0.05 * r.nextDouble();
            }
            case MAJOR -> {
                yuan = lognormal(r, 34_000, 0.7);
                ownPay = 0.05 + 0.12 * u * u;
                overLimit = 0.01 * r.nextDouble();
                paidFirst = 0.05 + 0.05 * r.nextDouble();
            }
            case CATASTROPHIC -> {
                yuan = Math.min(2_500_000, 80_000 / Math.pow(1 - r.nextDouble(), 1 / 1.7));
                ownPay = 0.10 + 0.35 * u;
                overLimit = 0.02 * r.nextDouble();
                paidFirst = 0.05 + 0.05 * r.nextDouble();
            }
            default -> throw new IllegalStateException(care.name());
        }
        if (identity.outOfCatalogueControlled()) {
            ownPay = Math.min(ownPay, 0.05);
            overLimit = 0;
        }
        long medfee = Math.max(1, Math.round(yuan * correction * 100));
        a[BenefitRules.MEDFEE] = medfee;
        a[BenefitRules.FULAMT_OWNPAY] = (long) (medfee * ownPay);
        a[BenefitRules.OVERLMT_SELFPAY] = (long) (medfee * overLimit);
        a[BenefitRules.PRESELFPAY] = (long) (medfee * paidFirst);
        a[BenefitRules.INSCP] =
                medfee
                        - a[BenefitRules.FULAMT_OWNPAY]
                        - a[BenefitRules.OVERLMT_SELFPAY]
                        - a[BenefitRules.PRESELFPAY];
    }

    private static double lognormal(SplittableRandom r, double median, double sigma) {
        return median * Math.exp(sigma * CarePlan.gaussian(r));
    }
}

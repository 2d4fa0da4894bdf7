package org.medwarn.generate;

/**
 * The reimbursement layers of the one-stop settlement (一站式结算, DOMAIN.md §3): basic insurance (基本医保,
 * {@code hifp_pay}), then resident critical-illness insurance (大病保险, {@code hifmi_pay}) or the
 * employee large-amount subsidy (大额补助, {@code hifob_pay}) and civil-servant subsidy ({@code
 * cvlserv_pay}), then medical assistance (医疗救助, {@code maf_pay}) for assistance targets. What no
 * fund pays is the person's burden {@code psn_part_amt = medfee_sumamt − fund_pay_sumamt}, paid
 * from the personal account (employees) or in cash.
 *
 * <p>Pure integer arithmetic on cents; rates are basis points and every share rounds down, so no
 * fund ever pays more than the amount it applies to. Deductibles (起付线), rates and annual caps
 * follow the pattern of a Shandong county in 2022 (parameters below); annual caps and the
 * critical-illness deductible accumulate over the person's year in {@link Year}.
 */
final class BenefitRules {
    /** Fields of one settlement's amounts, in cents. */
    static final int MEDFEE = 0;

    static final int FULAMT_OWNPAY = 1;
    static final int OVERLMT_SELFPAY = 2;
    static final int PRESELFPAY = 3;
    static final int INSCP = 4;
    static final int HIFP = 5;
    static final int HIFMI = 6;
    static final int HIFOB = 7;
    static final int CVLSERV = 8;
    static final int HIFES = 9;
    static final int MAF = 10;
    static final int OTH = 11;
    static final int FUND = 12;
    static final int PSN_PART = 13;
    static final int ACCT = 14;
    static final int CASH = 15;
    static final int FIELDS = 16;

    private static final long YUAN = 100;

    /** 大病保险 (residents): deductible on the year's in-policy self-pay, segments, cap. */
    static final long ILLNESS_DEDUCTIBLE = 15_000 * YUAN;

    static final long ILLNESS_CAP = 400_000 * YUAN;

    /** Resident basic insurance: annual caps per kind of care. */
    static final long RESIDENT_INPATIENT_CAP = 200_000 * YUAN;

    static final long RESIDENT_OUTPATIENT_CAP = 300 * YUAN;
    static final long RESIDENT_CHRONIC_CAP = 5_000 * YUAN;

    /** Employee basic insurance: annual inpatient cap; the large-amount subsidy above it. */
    static final long EMPLOYEE_INPATIENT_CAP = 200_000 * YUAN;

    static final long EMPLOYEE_LARGE_AMOUNT_CAP = 400_000 * YUAN;
    static final long EMPLOYEE_OUTPATIENT_CAP = 1_500 * YUAN;

    /** Personal account (个人账户) credited per year. */
    static final long EMPLOYEE_ACCOUNT = 1_500 * YUAN;

    static final long RETIRED_ACCOUNT = 2_500 * YUAN;

    private BenefitRules() {}

    /** What a person has used of each annual cap so far in the year. */
    static final class Year {
        long inpatientBasic;
        long outpatientBasic;
        long chronicBasic;
        long largeAmount;
        long illnessBase;
        long illnessPaid;
        long assistance;
        long account;

        /** Takes back what a reversed settlement had used. */
        void reverse(long[] a, Care care, PersonGenerator.Scheme scheme) {
            add(a, care, scheme, -1);
        }

        void add(long[] a, Care care, PersonGenerator.Scheme scheme, int sign) {
            switch (care) {
                case OUTPATIENT -> outpatientBasic += sign * a[HIFP];
                case CHRONIC -> chronicBasic += sign * a[HIFP];
                case PHARMACY, DIALYSIS -> {}
                default -> inpatientBasic += sign * a[HIFP];
            }
            largeAmount += sign * a[HIFOB];
            if (scheme == PersonGenerator.Scheme.RESIDENT && care != Care.PHARMACY) {
                illnessBase += sign * (a[INSCP] - a[HIFP] + a[PRESELFPAY]);
            }
            illnessPaid += sign * a[HIFMI];
            assistance += sign * a[MAF];
            account += sign * a[ACCT];
        }
    }

    /**
     * Fills the fund, burden and payment fields of {@code a}, whose cost fields ({@link #MEDFEE},
     * {@link #FULAMT_OWNPAY}, {@link #OVERLMT_SELFPAY}, {@link #PRESELFPAY}, {@link #INSCP}) are
     * set, and adds the settlement to {@code year}.
     */
    static void settle(
            long[] a,
            Care care,
            Facility.Tier tier,
            PersonGenerator.Scheme scheme,
            Identity identity,
            Year year) {
        boolean resident = scheme == PersonGenerator.Scheme.RESIDENT;
        long inscp = a[INSCP];
        a[HIFP] = basic(inscp, care, tier, resident, identity, year);
        long inPolicySelfPay = inscp - a[HIFP] + a[PRESELFPAY];
        if (care != Care.PHARMACY && care != Care.OUTPATIENT) {
            if (resident) {
                a[HIFMI] = criticalIllness(inPolicySelfPay, identity, year);
            } else {
                long basicShortfall = inscp - a[HIFP];
                if (care.inpatient() && year.inpatientBasic + a[HIFP] >= EMPLOYEE_INPATIENT_CAP) {
                    a[HIFOB] =
                            Math.min(
                                    share(basicShortfall, 8_500),
                                    EMPLOYEE_LARGE_AMOUNT_CAP - year.largeAmount);
                }
                if (scheme == PersonGenerator.Scheme.CIVIL_SERVANT) {
                    a[CVLSERV] = share(inPolicySelfPay - a[HIFOB], 6_000);
                }
            }
        }
        if (identity.assistanceBasisPoints > 0 && care != Care.PHARMACY) {
            long rest = inPolicySelfPay - a[HIFMI] - a[HIFOB] - a[CVLSERV];
            a[MAF] =
                    Math.min(
                            share(rest, identity.assistanceBasisPoints),
                            Math.max(0, identity.assistanceCapCents - year.assistance));
        }
        a[FUND] = a[HIFP] + a[HIFMI] + a[HIFOB] + a[CVLSERV] + a[HIFES] + a[MAF] + a[OTH];
        a[PSN_PART] = a[MEDFEE] - a[FUND];
        long account =
                switch (scheme) {
                    case RESIDENT -> 0;
                    case RETIRED -> RETIRED_ACCOUNT;
                    default -> EMPLOYEE_ACCOUNT;
                };
        a[ACCT] = Math.min(a[PSN_PART], Math.max(0, account - year.account));
        a[CASH] = a[PSN_PART] - a[ACCT];
        year.add(a, care, scheme, 1);
    }

    private static long basic(
            long inscp,
            Care care,
            Facility.Tier tier,
            boolean resident,
            Identity identity,
            Year year) {
        return switch (care) {
            case PHARMACY -> 0;
            case OUTPATIENT ->
                    capped(
                            share(inscp, resident ? 5_000 : 6_000),
                            (resident ? RESIDENT_OUTPATIENT_CAP : EMPLOYEE_OUTPATIENT_CAP)
                                    - year.outpatientBasic);
            case CHRONIC ->
                    resident
                            ? capped(share(inscp, 6_000), RESIDENT_CHRONIC_CAP - year.chronicBasic)
                            : share(inscp, 7_500);
            case DIALYSIS -> share(inscp, 9_000);
            default -> {
                long deductible =
                        identity.criticalIllnessPreference
                                ? 0
                                : switch (tier) {
                                    case PRIMARY -> resident ? 200 * YUAN : 300 * YUAN;
                                    case COUNTY -> resident ? 500 * YUAN : 600 * YUAN;
                                    default -> 1_000 * YUAN;
                                };
                int rate =
                        switch (tier) {
                            case PRIMARY -> resident ? 9_000 : 9_200;
                            case COUNTY -> resident ? 8_000 : 9_000;
                            default -> resident ? 6_000 : 8_500;
                        };
                long cap = resident ? RESIDENT_INPATIENT_CAP : EMPLOYEE_INPATIENT_CAP;
                yield capped(
                        share(Math.max(0, inscp - deductible), rate), cap - year.inpatientBasic);
            }
        };
    }

    /**
     * 大病保险: pays on the year's in-policy self-pay above the deductible, 60% up to 100,000 元 above
     * it, 65% to 200,000, 70% beyond; preferred identities: half the deductible, +5 points, no cap.
     */
    private static long criticalIllness(long inPolicySelfPay, Identity identity, Year year) {
        boolean preferred = identity.criticalIllnessPreference;
        long deductible = preferred ? ILLNESS_DEDUCTIBLE / 2 : ILLNESS_DEDUCTIBLE;
        int bonus = preferred ? 500 : 0;
        long before = illnessPayable(year.illnessBase - deductible, bonus);
        long after = illnessPayable(year.illnessBase + inPolicySelfPay - deductible, bonus);
        long pay = Math.max(0, after - before);
        return preferred ? pay : capped(pay, ILLNESS_CAP - year.illnessPaid);
    }

    private static long illnessPayable(long above, int bonus) {
        if (above <= 0) {
            return 0;
        }
        long first = Math.min(above, 100_000 * YUAN);
        long second = Math.min(Math.max(0, above - 100_000 * YUAN), 100_000 * YUAN);
        long rest = Math.max(0, above - 200_000 * YUAN);
        return share(first, 6_000 + bonus)
                + share(second, 6_500 + bonus)
                + share(rest, 7_000 + bonus);
    }

    private static long capped(long amount, long left) {
        return Math.max(0, Math.min(amount, left));
    }

    static long share(long cents, int basisPoints) {
        return cents <= 0 ? 0 : Math.multiplyExact(cents, basisPoints) / 10_000;
    }
}

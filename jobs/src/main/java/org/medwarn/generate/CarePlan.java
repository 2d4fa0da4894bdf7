package org.medwarn.generate;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.medwarn.time.ChinaTime;

/**
 * One person's year of settlements before amounts: when each was settled ({@code setl_time}), when
 * it reaches the bureau (delivery), what care it pays for and where, and which records are
 * redeliveries, reversals or corrected re-settlements. Built by {@link #schedule} from the person's
 * own random stream, so a plan can be rebuilt alone at any moment with the same result; cheap (no
 * amounts), because the time-ordered stream rebuilds plans once per window.
 *
 * <p>Records 0 … originals−1 are the original settlements in {@code setl_time} order; derived
 * records follow. Rates per original: {@value #DUPLICATE_PER_MILLE}‰ redelivered (same record again
 * a few seconds to two hours later), {@value #REVERSAL_PER_MILLE}‰ reversed (退费, 10 minutes to 7
 * days later; 70% of them settled again with a corrected bill a few minutes after the reversal),
 * {@value #LATE_PER_MILLE}‰ of visits settled by hand (手工报销) and delivered 1–5 months late, never
 * after the late-settlement bound.
 */
final class CarePlan {
    static final int DUPLICATE_PER_MILLE = 3;
    static final int REVERSAL_PER_MILLE = 4;
    static final int LATE_PER_MILLE = 3;

    enum Kind {
        ORIGINAL,
        DUPLICATE,
        REVERSAL,
        RESETTLEMENT
    }

    private static final long SECOND = 1000L;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;

    int size;
    int originals;
    long[] setlTime = new long[16];
    long[] delivery = new long[16];
    Kind[] kind = new Kind[16];
    Care[] care = new Care[16];
    Facility.Tier[] tier = new Facility.Tier[16];

    /** For a derived record: the original it repeats, reverses or corrects. */
    int[] ref = new int[16];

    /** Model parameters of visit frequencies (per person-year, before the person's risk factor). */
    static final class Rates {
        double outpatientVisits = 3.0;
        double pharmacyVisits = 0.8;
        double chronicShare = 0.045;
        double dialysisShare = 0.0006;
        double inpatientShare = 0.09;
        double majorShare = 0.0026;
        double catastrophicShare = 0.00005;
    }

    static final Rates RATES = new Rates();

    private CarePlan() {}

    /**
     * The plan of person {@code person} for {@code year}.
     *
     * @param lastDelivery no record is delivered at or after this instant (the year's close)
     */
    static CarePlan schedule(
            long seed, int person, PersonGenerator persons, int year, long lastDelivery) {
        SplittableRandom r = Seeds.random(seed, person, Seeds.SCHEDULE);
        CarePlan plan = new CarePlan();
        long start = ChinaTime.startOfYear(year);
        long end = ChinaTime.startOfYear(year + 1);
        double risk = risk(persons.age(person), persons.identity(person).isAssisted());
        Rates rates = RATES;

        int outpatient = poisson(r, rates.outpatientVisits * risk * frailty(r));
        for (int i = 0; i < outpatient; i++) {
            plan.add(visitTime(r, start), Care.OUTPATIENT, outpatientTier(r));
        }
        int pharmacy = poisson(r, rates.pharmacyVisits * risk * frailty(r));
        for (int i = 0; i < pharmacy; i++) {
            plan.add(visitTime(r, start), Care.PHARMACY, Facility.Tier.PHARMACY);
        }
        double u = r.nextDouble();
        if (u < rates.dialysisShare * risk) {
            monthly(plan, r, start, Care.DIALYSIS, Facility.Tier.COUNTY);
        } else if (u < rates.chronicShare * risk) {
            monthly(plan, r, start, Care.CHRONIC, Facility.Tier.PRIMARY);
        }
        if (r.nextDouble() < rates.inpatientShare * risk) {
            int stays = 1 + poisson(r, 0.25 * risk);
            for (int i = 0; i < stays; i++) {
                long admitted = start + r.nextLong(365) * DAY;
                plan.add(discharge(r, admitted, 7), Care.INPATIENT, inpatientTier(r));
            }
        }
        if (r.nextDouble() < rates.majorShare * risk) {
            episode(plan, r, start, Care.MAJOR, 2.0, 12, r.nextInt(4) == 0);
        }
        if (r.nextDouble() < rates.catastrophicShare * risk) {
            episode(plan, r, start, Care.CATASTROPHIC, 1.5, 20, false);
        }
        plan.dropFrom(end);
        plan.sortByTime();
        plan.originals = plan.size;
        for (int i = 0; i < plan.originals; i++) {
            plan.derive(r, i, lastDelivery);
        }
        return plan;
    }

    /** Visit frequency factor: children and working ages see less care, the elderly more. */
    static double risk(int age, boolean assisted) {
        double byAge = age < 15 ? 0.7 : age < 45 ? 0.6 : age < 60 ? 1.0 : age < 75 ? 1.7 : 2.3;
        return assisted ? byAge * 1.3 : byAge;
    }

    /** A person's own propensity to seek care: mean 1, heavy right tail (lognormal, σ = 0.8). */
    private static double frailty(SplittableRandom r) {
        return Math.exp(0.8 * gaussian(r) - 0.32);
    }

    private static void monthly(
            CarePlan plan, SplittableRandom r, long start, Care kind, Facility.Tier where) {
        int day = r.nextInt(28);
        int year = ChinaTime.yearOf(start);
        for (int month = 1; month <= 12; month++) {
            long monthStart =
                    ChinaTime.startOfYear(year)
                            + (java.time.LocalDate.of(year, month, 1).getDayOfYear() - 1) * DAY;
            plan.add(monthStart + (day + r.nextInt(3)) * DAY + dayTime(r), kind, where);
        }
    }

    private static void episode(
            CarePlan plan,
            SplittableRandom r,
            long start,
            Care kind,
            double extraAdmissions,
            int medianStay,
            boolean county) {
        int admissions = 1 + poisson(r, extraAdmissions);
        long admitted = start + r.nextLong(365) * DAY;
        for (int i = 0; i < admissions; i++) {
            long discharged = discharge(r, admitted, medianStay);
            plan.add(discharged, kind, county ? Facility.Tier.COUNTY : Facility.Tier.TERTIARY);
            admitted = discharged + (7 + r.nextInt(40)) * DAY;
        }
    }

    /** Discharge settlement after a stay of lognormal length (median {@code medianDays}). */
    private static long discharge(SplittableRandom r, long admittedDay, int medianDays) {
        long days = Math.max(1, Math.round(medianDays * Math.exp(0.5 * gaussian(r))));
        return admittedDay + days * DAY + 8 * HOUR + r.nextLong(8 * HOUR);
    }

    /**
     * A day of the year (fewer visits at weekends, more in winter) and a time of day (clinic
     * hours).
     */
    private static long visitTime(SplittableRandom r, long start) {
        while (true) {
            int day = r.nextInt(365);
            long t = start + day * DAY;
            int weekday =
                    (int) Math.floorMod(Math.floorDiv(t + 8 * HOUR, DAY) + 3, 7); // 0 = Monday
            double weight =
                    (weekday >= 5 ? 0.6 : 1.0)
                            * (1 + 0.15 * Math.cos(2 * Math.PI * (day - 15) / 365.0));
            if (r.nextDouble() * 1.15 < weight) {
                return t + dayTime(r);
            }
        }
    }

    /** Clinic hours: 07:30 to 17:30, busiest in the morning. */
    private static long dayTime(SplittableRandom r) {
        double h = 7.5 + 10 * Math.min(r.nextDouble(), r.nextDouble());
        return (long) (h * HOUR) / SECOND * SECOND;
    }

    private static Facility.Tier outpatientTier(SplittableRandom r) {
        return r.nextInt(100) < 85 ? Facility.Tier.PRIMARY : Facility.Tier.COUNTY;
    }

    private static Facility.Tier inpatientTier(SplittableRandom r) {
        int u = r.nextInt(100);
        return u < 30
                ? Facility.Tier.PRIMARY
                : u < 85 ? Facility.Tier.COUNTY : Facility.Tier.TERTIARY;
    }

    private void derive(SplittableRandom r, int original, long lastDelivery) {
        int u = r.nextInt(1000);
        long t = setlTime[original];
        if (u < DUPLICATE_PER_MILLE) {
            add(
                    t,
                    delivery[original] + 5 * SECOND + r.nextLong(2 * HOUR),
                    Kind.DUPLICATE,
                    original);
        } else if (u < DUPLICATE_PER_MILLE + REVERSAL_PER_MILLE) {
            long reversed = t + 10 * MINUTE + r.nextLong(7 * DAY);
            if (reversed < lastDelivery - DAY) {
                add(reversed, reversed, Kind.REVERSAL, original);
                if (r.nextInt(10) < 7) {
                    long again = reversed + MINUTE + r.nextLong(HOUR);
                    add(again, again, Kind.RESETTLEMENT, original);
                }
            }
        } else if (u < DUPLICATE_PER_MILLE + REVERSAL_PER_MILLE + LATE_PER_MILLE
                && care[original] != Care.PHARMACY) {
            delivery[original] = Math.min(t + (30 + r.nextLong(120)) * DAY, lastDelivery - DAY);
        }
    }

    private void add(long time, Care c, Facility.Tier where) {
        grow();
        setlTime[size] = time / SECOND * SECOND;
        delivery[size] = setlTime[size];
        kind[size] = Kind.ORIGINAL;
        care[size] = c;
        tier[size] = where;
        ref[size] = -1;
        size++;
    }

    /** A derived record; times are whole seconds, as {@code setl_time} is. */
    private void add(long time, long deliveredAt, Kind k, int original) {
        grow();
        setlTime[size] = time / SECOND * SECOND;
        delivery[size] = deliveredAt / SECOND * SECOND;
        kind[size] = k;
        care[size] = care[original];
        tier[size] = tier[original];
        ref[size] = original;
        size++;
    }

    private void grow() {
        if (size == setlTime.length) {
            int n = size * 2;
            setlTime = Arrays.copyOf(setlTime, n);
            delivery = Arrays.copyOf(delivery, n);
            kind = Arrays.copyOf(kind, n);
            care = Arrays.copyOf(care, n);
            tier = Arrays.copyOf(tier, n);
            ref = Arrays.copyOf(ref, n);
        }
    }

    private void dropFrom(long end) {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (setlTime[i] < end) {
                copy(i, kept++);
            }
        }
        size = kept;
    }

    /** Insertion sort by settlement time: plans are short and mostly in order already. */
    private void sortByTime() {
        for (int i = 1; i < size; i++) {
            for (int j = i; j > 0 && setlTime[j - 1] > setlTime[j]; j--) {
                swap(j - 1, j);
            }
        }
    }

    private void copy(int from, int to) {
        setlTime[to] = setlTime[from];
        delivery[to] = delivery[from];
        kind[to] = kind[from];
        care[to] = care[from];
        tier[to] = tier[from];
        ref[to] = ref[from];
    }

    private void swap(int a, int b) {
        long t = setlTime[a];
        setlTime[a] = setlTime[b];
        setlTime[b] = t;
        t = delivery[a];
        delivery[a] = delivery[b];
        delivery[b] = t;
        Care c = care[a];
        care[a] = care[b];
        care[b] = c;
        Facility.Tier w = tier[a];
        tier[a] = tier[b];
        tier[b] = w;
    }

    static int poisson(SplittableRandom r, double mean) {
        if (mean > 30) {
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(r)));
        }
        double limit = Math.exp(-mean);
        double p = r.nextDouble();
        int k = 0;
        while (p > limit) {
            p *= r.nextDouble();
            k++;
        }
        return k;
    }

    /** A standard normal number (Box–Muller; one of the pair is used). */
    static double gaussian(SplittableRandom r) {
        double u = 1.0 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}

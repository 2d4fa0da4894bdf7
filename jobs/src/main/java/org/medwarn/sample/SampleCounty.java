package org.medwarn.sample;

import java.math.BigDecimal;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.medwarn.avro.Category;
import org.medwarn.avro.PersonRecord;
import org.medwarn.avro.Settlement;
import org.medwarn.policy.Money;
import org.medwarn.time.ChinaTime;

/**
 * A small deterministic synthetic county for demos, smoke runs and throughput measurements: a
 * registry of persons in 冠县 (371525) townships, about 8% assistance targets, and a year of
 * settlements in time order with heavy-tailed self-pay (mostly small outpatient bills, some large
 * inpatient ones), consistent amounts ({@code psn_part_amt = medfee_sumamt − fund_pay_sumamt}), and
 * a few duplicates and reversals. Not calibrated: the full county generator is a separate piece of
 * work.
 */
public final class SampleCounty {
    /** Township codes of 冠县 (DOMAIN.md §2). */
    static final List<String> TOWNSHIPS =
            List.of(
                    "001", "002", "003", "101", "102", "103", "104", "105", "106", "107", "108",
                    "109", "110", "111", "112", "200", "206", "209");

    private static final List<String> IDENTITIES =
            List.of("特困人员", "低保对象", "低保边缘家庭成员", "防止返贫监测对象", "脱贫人口");

    private final int persons;
    private final long seed;

    public SampleCounty(int persons, long seed) {
        this.persons = persons;
        this.seed = seed;
    }

    public static String psnNo(int index) {
        return String.format("P%09d", index);
    }

    /** The registry: one record per person, effective from the start of {@code year}. */
    public void persons(int year, Consumer<PersonRecord> out) {
        SplittableRandom random = new SplittableRandom(seed);
        String from = year + "-01-01 00:00:00";
        for (int i = 0; i < persons; i++) {
            boolean assisted = random.nextInt(100) < 8;
            PersonRecord p = new PersonRecord();
            p.setPsnNo(psnNo(i));
            p.setCategory(assisted ? Category.ASSISTED : Category.ORDINARY);
            p.setIdentity(assisted ? IDENTITIES.get(random.nextInt(IDENTITIES.size())) : null);
            p.setAdmdvs(
                    "371525"
                            + TOWNSHIPS.get(random.nextInt(TOWNSHIPS.size()))
                            + String.format("%03d", 1 + random.nextInt(30)));
            p.setEffectiveFrom(from);
            out.accept(p);
        }
    }

    /**
     * {@code count} settlements of {@code year} in time order; about 0.5% are redelivered and 0.5%
     * are followed by their reversal.
     */
    public void settlements(int year, long count, Consumer<Settlement> out) {
        SplittableRandom random = new SplittableRandom(seed + 1);
        long start = ChinaTime.startOfYear(year);
        long span = ChinaTime.startOfYear(year + 1) - start;
        for (long i = 0; i < count; i++) {
            long time = start + (long) ((double) i / count * span) / 1000 * 1000;
            int person = skewedPerson(random);
            boolean inpatient = random.nextInt(100) < 15;
            long selfPay =
                    inpatient
                            ? (long) Math.min(5e7, Math.exp(12.6 + 1.25 * random.nextGaussian()))
                            : 1_000 + random.nextLong(200_000);
            long fund = inpatient ? selfPay * (1 + random.nextInt(3)) : selfPay / 2;
            Settlement s = settlement("S" + year + String.format("%010d", i), person, time);
            s.setMedType(inpatient ? "21" : "11");
            s.setMedfeeSumamt(Money.toYuan(selfPay + fund));
            s.setFundPaySumamt(Money.toYuan(fund));
            s.setHifpPay(Money.toYuan(fund));
            s.setPsnPartAmt(Money.toYuan(selfPay));
            s.setFulamtOwnpayAmt(Money.toYuan(selfPay / 10));
            s.setPsnCashPay(Money.toYuan(selfPay));
            out.accept(s);
            int r = random.nextInt(1000);
            if (r < 5) {
                out.accept(s); // redelivered
            } else if (r < 10) {
                out.accept(reversal(s, time + 3_600_000L));
            }
        }
    }

    /** Persons with low indexes see more care: a few chronic patients carry most of the cost. */
    private int skewedPerson(SplittableRandom random) {
        double u = random.nextDouble();
        return (int) Math.min(persons - 1, Math.floor(persons * u * u * u));
    }

    private static Settlement settlement(String setlId, int person, long time) {
        Settlement s = new Settlement();
        s.setSetlId(setlId);
        s.setMdtrtId("M" + setlId.substring(1));
        s.setPsnNo(psnNo(person));
        s.setInsutype("390");
        s.setPsnType("1501");
        s.setSetlTime(ChinaTime.format(time));
        s.setRefdSetlFlag("0");
        s.setInsuAdmdvs("371525");
        s.setFixmedinsCode("H37152500001");
        s.setFixmedinsName("冠县人民医院");
        return s;
    }

    private static Settlement reversal(Settlement original, long time) {
        Settlement r = Settlement.newBuilder(original).build();
        r.setSetlId(original.getSetlId() + "R");
        r.setSetlTime(
                ChinaTime.format(
                        Math.min(
                                time,
                                ChinaTime.startOfYear(
                                                ChinaTime.yearOf(
                                                                ChinaTime.parse(
                                                                        original.getSetlTime()))
                                                        + 1)
                                        - 1000)));
        r.setRefdSetlFlag("1");
        r.setInitSetlId(original.getSetlId());
        for (String field :
                List.of(
                        "medfee_sumamt",
                        "fund_pay_sumamt",
                        "hifp_pay",
                        "psn_part_amt",
                        "fulamt_ownpay_amt",
                        "psn_cash_pay")) {
            r.put(field, ((BigDecimal) original.get(field)).negate());
        }
        return r;
    }
}

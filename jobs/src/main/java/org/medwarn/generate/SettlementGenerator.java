package org.medwarn.generate;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.medwarn.avro.Category;
import org.medwarn.avro.Level;
import org.medwarn.avro.Settlement;
import org.medwarn.policy.Money;
import org.medwarn.policy.Policy;
import org.medwarn.time.ChinaTime;

/**
 * A year of a synthetic county's settlements (结算) with the national field names, as one stream in
 * delivery order (the order in which the bureau receives them), deterministic for (persons, seed,
 * year).
 *
 * <p>Streaming without holding the year: the stream is cut into windows of {@value #WINDOW_DAYS}
 * days of delivery time; for each window every person's {@link CarePlan} is rebuilt (cheap: times
 * only) and the records delivered in the window are collected as packed {@link StreamKey}s, sorted,
 * and turned into {@link Settlement}s by rebuilding the person's {@link PersonYear}. Memory is one
 * window of keys (8 bytes a record) plus the person table; the order is total, so the stream is the
 * same whatever the window size.
 *
 * <p>The stream covers the year's settlements and its tail of late ones, which arrive up to one day
 * before the year closes under {@code policy} (the late-settlement bound, default 31 March of the
 * next year).
 */
public final class SettlementGenerator {
    static final int WINDOW_DAYS = 61;
    private static final long DAY = 86_400_000L;

    private final PersonGenerator persons;
    private final long seed;
    private final int year;
    private final long start;
    private final long lastDelivery;

    /** One record of the stream. */
    public interface Sink {
        /**
         * @param deliveredAt when the bureau receives it (epoch ms): the pace of a live feed
         */
        void accept(long deliveredAt, Settlement settlement);
    }

    public SettlementGenerator(PersonGenerator persons, long seed, int year, Policy policy) {
        this.persons = persons;
        this.seed = seed;
        this.year = year;
        this.start = ChinaTime.startOfYear(year);
        this.lastDelivery = policy.yearClosesAt(year);
    }

    public PersonGenerator persons() {
        return persons;
    }

    /** When the stream starts (00:00 on 1 January, China time). */
    public long start() {
        return start;
    }

    /**
     * Emits every settlement in delivery order.
     *
     * @return the number of records emitted
     */
    public long forEach(Sink out) {
        long emitted = 0;
        for (long from = start; from < lastDelivery; from += WINDOW_DAYS * DAY) {
            emitted += window(from, Math.min(lastDelivery, from + WINDOW_DAYS * DAY), out);
        }
        return emitted;
    }

    private long window(long from, long to, Sink out) {
        long[] keys = new long[1024];
        int n = 0;
        for (int p = 0; p < persons.size(); p++) {
            CarePlan plan = CarePlan.schedule(seed, p, persons, year, lastDelivery);
            if (plan.size > StreamKey.MAX_RECORDS_PER_PERSON) {
                throw new IllegalStateException("person " + p + " has too many records");
            }
            for (int i = 0; i < plan.size; i++) {
                long d = plan.delivery[i];
                if (d >= from && d < to) {
                    if (n == keys.length) {
                        keys = Arrays.copyOf(keys, n * 2);
                    }
                    keys[n++] = StreamKey.of((d - start) / 1000, p, i);
                }
            }
        }
        Arrays.sort(keys, 0, n);
        PersonYear current = null;
        for (int k = 0; k < n; k++) {
            int p = StreamKey.person(keys[k]);
            if (current == null || current.person != p) {
                current = PersonYear.generate(seed, p, persons, year, lastDelivery);
            }
            int record = StreamKey.record(keys[k]);
            out.accept(current.plan.delivery[record], settlement(current, record));
        }
        return n;
    }

    /** The {@code record}-th settlement of a person's year with all national fields. */
    Settlement settlement(PersonYear py, int record) {
        CarePlan plan = py.plan;
        int p = py.person;
        int original = plan.ref[record] >= 0 ? plan.ref[record] : record;
        long[] a = py.amounts[record];
        Settlement s = new Settlement();
        String id = ids(p, record);
        s.setSetlId(id);
        s.setMdtrtId("M" + ids(p, original).substring(1));
        if (plan.kind[record] == CarePlan.Kind.DUPLICATE) {
            s.setSetlId(ids(p, original));
        }
        s.setPsnNo(PersonGenerator.psnNo(p));
        s.setPsnName(persons.name(p));
        s.setCertno(persons.certNo(p));
        s.setPsnCertType("01");
        s.setInsutype(persons.insutype(p));
        s.setPsnType(persons.psnType(p));
        Care care = plan.care[record];
        s.setMedType(care.medType);
        s.setSetlTime(ChinaTime.format(plan.setlTime[record]));
        s.setMedfeeSumamt(Money.toYuan(a[BenefitRules.MEDFEE]));
        s.setFulamtOwnpayAmt(Money.toYuan(a[BenefitRules.FULAMT_OWNPAY]));
        s.setOverlmtSelfpay(Money.toYuan(a[BenefitRules.OVERLMT_SELFPAY]));
        s.setPreselfpayAmt(Money.toYuan(a[BenefitRules.PRESELFPAY]));
        s.setInscpScpAmt(Money.toYuan(a[BenefitRules.INSCP]));
        s.setHifpPay(Money.toYuan(a[BenefitRules.HIFP]));
        s.setHifmiPay(Money.toYuan(a[BenefitRules.HIFMI]));
        s.setHifobPay(Money.toYuan(a[BenefitRules.HIFOB]));
        s.setCvlservPay(Money.toYuan(a[BenefitRules.CVLSERV]));
        s.setHifesPay(Money.toYuan(a[BenefitRules.HIFES]));
        s.setMafPay(Money.toYuan(a[BenefitRules.MAF]));
        s.setOthPay(Money.toYuan(a[BenefitRules.OTH]));
        s.setFundPaySumamt(Money.toYuan(a[BenefitRules.FUND]));
        s.setPsnPartAmt(Money.toYuan(a[BenefitRules.PSN_PART]));
        s.setAcctPay(Money.toYuan(a[BenefitRules.ACCT]));
        s.setPsnCashPay(Money.toYuan(a[BenefitRules.CASH]));
        boolean reversal = plan.kind[record] == CarePlan.Kind.REVERSAL;
        s.setRefdSetlFlag(reversal ? "1" : "0");
        s.setInitSetlId(reversal ? ids(p, original) : null);
        s.setInsuAdmdvs(CountyModel.COUNTY_CODE);
        Facility f = facility(p, original, plan.tier[record]);
        s.setFixmedinsCode(f.code());
        s.setFixmedinsName(f.name());
        s.setHospLv(f.hospLv());
        String[] diagnosis =
                care.diagnoses[
                        (int)
                                Math.floorMod(
                                        Seeds.mix(p * 7919L + original), care.diagnoses.length)];
        s.setDiseCodg(diagnosis[0]);
        s.setDiseName(diagnosis[1]);
        return s;
    }

    private Facility facility(int p, int original, Facility.Tier tier) {
        int pick = (int) Math.floorMod(Seeds.mix(p * 104729L + original), 12);
        return switch (tier) {
            case PRIMARY -> Facility.primary(persons.village(p).township());
            case COUNTY -> Facility.COUNTY_HOSPITALS.get(pick % 10 < 7 ? 0 : 1 + pick % 2);
            case TERTIARY ->
                    Facility.TERTIARY_HOSPITALS.get(pick % Facility.TERTIARY_HOSPITALS.size());
            case PHARMACY -> Facility.PHARMACIES.get(pick % Facility.PHARMACIES.size());
        };
    }

    /** {@code S<year><person, 7 digits><record, 5 digits>}: unique in the county and year. */
    private String ids(int person, int record) {
        StringBuilder b = new StringBuilder(17).append('S').append(year);
        pad(b, person, 7);
        pad(b, record, 5);
        return b.toString();
    }

    private static void pad(StringBuilder b, long value, int width) {
        String digits = Long.toString(value);
        for (int i = digits.length(); i < width; i++) {
            b.append('0');
        }
        b.append(digits);
    }

    /**
     * The final level of every person-year under {@code policy}, by category, as the monitor should
     * find it: {@code ASSISTED/BLUE → 20, …}; also {@code ORDINARY/≥30000} for ordinary insured at
     * or above 30,000 元 (they have no blue level), for comparing with the county's report.
     */
    public Map<String, Long> expectedLevels(Policy policy, Consumer<Integer> progress) {
        Map<Category, Map<Level, Long>> counts = new EnumMap<>(Category.class);
        long ordinaryOver30k = 0;
        for (int p = 0; p < persons.size(); p++) {
            long total = PersonYear.generate(seed, p, persons, year, lastDelivery).annualSelfPay();
            Category c = persons.identity(p).isAssisted() ? Category.ASSISTED : Category.ORDINARY;
            counts.computeIfAbsent(c, x -> new EnumMap<>(Level.class))
                    .merge(policy.levelFor(c, total), 1L, Long::sum);
            if (c == Category.ORDINARY && total >= Money.yuan(30_000)) {
                ordinaryOver30k++;
            }
            if (p % 100_000 == 99_999) {
                progress.accept(p + 1);
            }
        }
        Map<String, Long> result = new TreeMap<>();
        counts.forEach((c, m) -> m.forEach((l, n) -> result.put(c + "/" + l, n)));
        result.put("ORDINARY/>=30000", ordinaryOver30k);
        return result;
    }
}

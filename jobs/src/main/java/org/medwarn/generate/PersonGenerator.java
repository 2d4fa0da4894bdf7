package org.medwarn.generate;

import java.time.LocalDate;
import java.util.SplittableRandom;
import org.medwarn.avro.Category;
import org.medwarn.avro.PersonRecord;

/**
 * The insured persons of a synthetic 冠县: for {@code n} persons and a seed, a compact table (a few
 * bytes per person, no objects) of village, sex, birth date, name, identity (人员身份类别) and insurance
 * scheme, from which {@link #record} builds the registry entry and the settlement generator reads
 * what it needs. Deterministic: the same (n, seed, year) gives the same table.
 *
 * <p>Model: ages of a rural Shandong county (17% under 15, 23% 60 and over); identities by the
 * shares of {@link Identity} (特困人员 mostly elderly); 9% of people aged 20–59 in employee insurance
 * (310, a fifth of them civil servants), 10% of people 60+ retired employees, everyone else in the
 * urban-rural resident insurance (390). {@code certno} is a valid 18-digit 身份证号码 with the county
 * prefix 371525, the birth date and a sequence that is unique per birth date and sex.
 */
public final class PersonGenerator {
    /** Insurance scheme (险种 and 人员类别). */
    enum Scheme {
        RESIDENT,
        EMPLOYEE,
        CIVIL_SERVANT,
        RETIRED
    }

    private static final int[] AGE_BAND_START = {0, 15, 30, 45, 60, 75};
    private static final int[] AGE_BAND_END = {15, 30, 45, 60, 75, 95};
    private static final int[] AGE_BAND_PERCENT = {17, 15, 20, 25, 16, 7};

    private final int size;
    private final int year;
    private final int[] village;
    private final int[] birthDay;
    private final byte[] age;
    private final short[] sequence;
    private final byte[] identity;
    private final byte[] scheme;
    private final byte[] surname;
    private final short[] given1;
    private final short[] given2;

    public PersonGenerator(int size, long seed, int year) {
        if (size < 1 || size > StreamKey.MAX_PERSONS) {
            throw new IllegalArgumentException(
                    "persons: " + size + " is not between 1 and " + StreamKey.MAX_PERSONS);
        }
        this.size = size;
        this.year = year;
        village = new int[size];
        birthDay = new int[size];
        age = new byte[size];
        sequence = new short[size];
        identity = new byte[size];
        scheme = new byte[size];
        surname = new byte[size];
        given1 = new short[size];
        given2 = new short[size];
        SplittableRandom random = Seeds.random(seed, 0, Seeds.REGISTRY);
        CountyModel county = CountyModel.get();
        int firstDay = (int) LocalDate.of(year - 100, 1, 1).toEpochDay();
        short[] registeredOnDay =
                new short[2 * (int) (LocalDate.of(year + 1, 1, 1).toEpochDay() - firstDay)];
        for (int i = 0; i < size; i++) {
            village[i] = county.drawVillage(random);
            Identity id = Identity.draw(random.nextInt(10_000));
            identity[i] = (byte) id.ordinal();
            int age = drawAge(random, id);
            int day = (int) LocalDate.of(year - age - 1, 1, 1).toEpochDay() + random.nextInt(365);
            birthDay[i] = day;
            this.age[i] =
                    (byte) LocalDate.ofEpochDay(day).until(LocalDate.of(year, 7, 1)).getYears();
            boolean male = random.nextBoolean();
            int slot = 2 * (day - firstDay) + (male ? 1 : 0);
            int n = registeredOnDay[slot]++;
            sequence[i] = (short) ((2 * n + (male ? 1 : 0)) % 1000);
            Scheme s = Scheme.RESIDENT;
            if (id == Identity.ORDINARY) {
                if (age >= 20 && age < 60 && random.nextInt(100) < 9) {
                    s = random.nextInt(5) == 0 ? Scheme.CIVIL_SERVANT : Scheme.EMPLOYEE;
                } else if (age >= 60 && random.nextInt(100) < 10) {
                    s = Scheme.RETIRED;
                }
            }
            scheme[i] = (byte) s.ordinal();
            surname[i] = (byte) ChineseNames.drawSurname(random);
            given1[i] = (short) ChineseNames.drawGiven(random, male);
            given2[i] =
                    (short)
                            (random.nextInt(4) == 0
                                    ? ChineseNames.NONE
                                    : ChineseNames.drawGiven(random, male));
        }
    }

    private static int drawAge(SplittableRandom random, Identity id) {
        if (id == Identity.EXTREME_POVERTY && random.nextInt(100) < 70) {
            return 60 + random.nextInt(30);
        }
        int u = random.nextInt(100);
        for (int band = 0; band < AGE_BAND_PERCENT.length; band++) {
            u -= AGE_BAND_PERCENT[band];
            if (u < 0 || band == AGE_BAND_PERCENT.length - 1) {
                return AGE_BAND_START[band]
                        + random.nextInt(AGE_BAND_END[band] - AGE_BAND_START[band]);
            }
        }
        throw new AssertionError();
    }

    public int size() {
        return size;
    }

    /** {@code P} and 9 digits. */
    public static String psnNo(int index) {
        String digits = Integer.toString(index);
        return "P000000000".substring(0, 10 - digits.length()) + digits;
    }

    Identity identity(int i) {
        return Identity.values()[identity[i]];
    }

    Scheme scheme(int i) {
        return Scheme.values()[scheme[i]];
    }

    /** Age in whole years on 1 July of the generated year. */
    int age(int i) {
        return age[i];
    }

    String name(int i) {
        return ChineseNames.name(surname[i], given1[i], given2[i]);
    }

    String certNo(int i) {
        return CertNo.of(CountyModel.COUNTY_CODE, LocalDate.ofEpochDay(birthDay[i]), sequence[i]);
    }

    CountyModel.Village village(int i) {
        return CountyModel.get().villages().get(village[i]);
    }

    /**
     * 人员类别 of the national platform: 1101 employee, 1201 retired, 14xx minor, 1501 adult, 1601
     * elderly.
     */
    String psnType(int i) {
        return switch (scheme(i)) {
            case EMPLOYEE, CIVIL_SERVANT -> "1101";
            case RETIRED -> "1201";
            case RESIDENT -> {
                int age = age(i);
                yield age < 18 ? "1401" : age < 60 ? "1501" : "1601";
            }
        };
    }

    /** 险种: 310 employee basic, 390 urban-rural resident basic. */
    String insutype(int i) {
        return scheme(i) == Scheme.RESIDENT ? "390" : "310";
    }

    /**
     * The registry entry: ordinary insured from the start of the insurance year (居民医保 enrols per
     * calendar year); assistance targets from the day their status was recognised, in an earlier
     * year.
     */
    public PersonRecord record(int i) {
        Identity id = identity(i);
        PersonRecord p = new PersonRecord();
        p.setPsnNo(psnNo(i));
        p.setPsnName(name(i));
        p.setCertno(certNo(i));
        p.setCategory(id.isAssisted() ? Category.ASSISTED : Category.ORDINARY);
        p.setIdentity(id.label);
        p.setAdmdvs(village(i).code());
        String from = year + "-01-01";
        if (id.isAssisted()) {
            // Recognised on a day of the previous six years: a fixed function of the person.
            long h = Seeds.mix(i * 31L + birthDay[i]);
            from = LocalDate.of(year - 6, 1, 1).plusDays(Math.floorMod(h, 6 * 365)).toString();
        }
        p.setEffectiveFrom(from + " 00:00:00");
        return p;
    }
}

package org.medwarn.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.medwarn.avro.PersonRecord;
import org.medwarn.avro.Settlement;
import org.medwarn.ingest.InputValidator;
import org.medwarn.policy.Money;
import org.medwarn.policy.PolicyLoader;
import org.medwarn.time.ChinaTime;

/** The pure generator model with a small county: no Flink, no broker. */
class GeneratorModelTest {
    private static final int YEAR = 2022;

    private static List<Settlement> stream(int persons, long seed) {
        List<Settlement> out = new ArrayList<>();
        new SettlementGenerator(
                        new PersonGenerator(persons, seed, YEAR),
                        seed,
                        YEAR,
                        PolicyLoader.defaultPolicy())
                .forEach((at, s) -> out.add(s));
        return out;
    }

    @Test
    void certNoHasTheStandardCheckCharacter() {
        // GB 11643-1999 example: 11010519491231002X
        assertThat(CertNo.checkChar("11010519491231002")).isEqualTo('X');
        assertThat(CertNo.of("110105", LocalDate.of(1949, 12, 31), 2))
                .isEqualTo("11010519491231002X");
        assertThat(CertNo.isValid("11010519491231002X")).isTrue();
        assertThat(CertNo.isValid("110105194912310021")).isFalse();
    }

    @Test
    void registryHasValidUniqueCertNosNamesAndVillagesOfTheCounty() {
        PersonGenerator persons = new PersonGenerator(20_000, 7, YEAR);
        Set<String> certNos = new HashSet<>();
        int assisted = 0;
        for (int i = 0; i < persons.size(); i++) {
            PersonRecord p = persons.record(i);
            assertThat(CertNo.isValid(p.getCertno())).as(p.getCertno()).isTrue();
            assertThat(p.getCertno()).startsWith("371525");
            assertThat(certNos.add(p.getCertno())).as("unique " + p.getCertno()).isTrue();
            assertThat(p.getPsnName()).hasSizeBetween(2, 3);
            assertThat(p.getAdmdvs()).hasSize(12).startsWith("371525");
            if (p.getIdentity() != null) {
                assisted++;
            }
        }
        // assistance targets are a few % of the county
        assertThat(assisted).isBetween(800, 1_600);
    }

    @Test
    void countyHasItsEighteenTownshipsAndTwentyToFortyVillagesEach() {
        CountyModel county = CountyModel.get();
        assertThat(CountyModel.TOWNSHIPS).hasSize(18);
        for (CountyModel.Township t : CountyModel.TOWNSHIPS) {
            long villages = county.villages().stream().filter(v -> v.township().equals(t)).count();
            assertThat(villages).as(t.name()).isBetween(20L, 40L);
        }
        assertThat(county.villages().stream().map(CountyModel.Village::code).distinct().count())
                .isEqualTo(county.villages().size());
    }

    @Test
    void amountsAreConsistentAndPassValidation() throws Exception {
        for (Settlement s : stream(3_000, 1)) {
            long medfee = Money.toCents(s.getMedfeeSumamt());
            long fund = Money.toCents(s.getFundPaySumamt());
            assertThat(Money.toCents(s.getPsnPartAmt())).isEqualTo(medfee - fund);
            long parts = 0;
            for (String f :
                    List.of(
                            "hifp_pay",
                            "hifmi_pay",
                            "hifob_pay",
                            "cvlserv_pay",
                            "hifes_pay",
                            "maf_pay",
                            "oth_pay")) {
                parts += Money.toCents((java.math.BigDecimal) s.get(f));
            }
            assertThat(parts).isEqualTo(fund);
            assertThat(
                            Money.toCents(s.getFulamtOwnpayAmt())
                                    + Money.toCents(s.getOverlmtSelfpay())
                                    + Money.toCents(s.getPreselfpayAmt())
                                    + Money.toCents(s.getInscpScpAmt()))
                    .isEqualTo(medfee);
            assertThat(Money.toCents(s.getAcctPay()) + Money.toCents(s.getPsnCashPay()))
                    .isEqualTo(Money.toCents(s.getPsnPartAmt()));
            if ("0".equals(s.getRefdSetlFlag())) {
                assertThat(fund).isBetween(0L, medfee);
            }
            InputValidator.settlement(s); // throws on anything the job would dead-letter
        }
    }

    @Test
    void sameSeedGivesTheSameStreamAndAnotherSeedAnotherOne() {
        List<Settlement> a = stream(1_500, 42);
        assertThat(stream(1_500, 42)).isEqualTo(a);
        assertThat(stream(1_500, 43)).isNotEqualTo(a);
    }

    @Test
    void streamIsInDeliveryOrderWithSmallRatesOfDuplicatesReversalsAndLateOnes() {
        long[] last = {Long.MIN_VALUE};
        int[] counts = new int[4]; // all, duplicates, reversals, late
        Set<String> ids = new HashSet<>();
        new SettlementGenerator(
                        new PersonGenerator(20_000, 3, YEAR), 3, YEAR, PolicyLoader.defaultPolicy())
                .forEach(
                        (at, s) -> {
                            assertThat(at).isGreaterThanOrEqualTo(last[0]);
                            last[0] = at;
                            counts[0]++;
                            if (!ids.add(s.getSetlId())) {
                                counts[1]++;
                            }
                            if ("1".equals(s.getRefdSetlFlag())) {
                                counts[2]++;
                                assertThat(ids).contains(s.getInitSetlId());
                            }
                            long t = ChinaTime.parse(s.getSetlTime());
                            assertThat(ChinaTime.yearOf(t)).isIn(YEAR, YEAR + 1);
                            if (at - t > 20L * 86_400_000L) {
                                counts[3]++;
                                assertThat(at)
                                        .isLessThan(
                                                PolicyLoader.defaultPolicy().yearClosesAt(YEAR));
                            }
                        });
        // a few settlements per person and year, a few per mille of each kind of irregularity
        assertThat(counts[0]).isBetween(60_000, 140_000);
        assertThat(counts[1] / (double) counts[0]).isBetween(0.001, 0.006);
        assertThat(counts[2] / (double) counts[0]).isBetween(0.002, 0.008);
        assertThat(counts[3] / (double) counts[0]).isBetween(0.001, 0.006);
    }
}

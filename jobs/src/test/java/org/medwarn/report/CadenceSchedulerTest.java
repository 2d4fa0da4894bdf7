package org.medwarn.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medwarn.avro.CadencePerson;
import org.medwarn.avro.Category;
import org.medwarn.avro.Feedback;
import org.medwarn.avro.Level;
import org.medwarn.avro.Screening;
import org.medwarn.policy.PolicyLoader;
import org.medwarn.time.ChinaTime;

/**
 * {@link CadenceScheduler} in the keyed harness with the default cadences (ASSISTED Mon+Thu,
 * ORDINARY and YELLOW every second Monday from 2022-01-03, BLUE monthly on the 1st, RED immediate),
 * watermarks driven across a year end and a month end.
 */
class CadenceSchedulerTest {
    private static final String COUNTY = "371525";
    private static final String T1 = "371525101";
    private static final String T2 = "371525002";

    private KeyedOneInputStreamOperatorTestHarness<String, CadenceChange, Screening> harness;

    @BeforeEach
    void open() throws Exception {
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new CadenceScheduler(PolicyLoader.defaultPolicy())),
                        c -> c.county,
                        Types.STRING);
        ((SerializerConfigImpl) harness.getExecutionConfig().getSerializerConfig())
                .setGenericTypes(false);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private static long t(String chinaTime) {
        return ChinaTime.parse(chinaTime);
    }

    private void change(
            String psn,
            Category category,
            Level level,
            long totalYuan,
            String township,
            String eventTime,
            String effectiveTime)
            throws Exception {
        CadenceMember m = new CadenceMember();
        m.psnNo = psn;
        m.year = ChinaTime.yearOf(t(eventTime));
        m.category = category;
        m.level = level;
        m.totalCents = totalYuan * 100;
        m.countyCode = COUNTY;
        m.townshipCode = township;
        m.villageCode = township == null ? null : township + "001";
        m.registryMissing = township == null;
        m.firstBlueTime = level == Level.BLUE ? t(eventTime) : null;
        m.lastEventTime = t(eventTime);
        send(CadenceChange.of(COUNTY, m.key(), t(eventTime), t(effectiveTime), m));
    }

    /** An assistance target at blue, counted from its event time. */
    private void blue(String psn, long totalYuan, String township, String time) throws Exception {
        change(psn, Category.ASSISTED, Level.BLUE, totalYuan, township, time, time);
    }

    private void leave(String psn, int year, String eventTime) throws Exception {
        send(
                CadenceChange.of(
                        COUNTY, CadenceMember.key(psn, year), t(eventTime), t(eventTime), null));
    }

    private void send(CadenceChange c) throws Exception {
        harness.processElement(new StreamRecord<>(c, c.eventTime));
    }

    private void watermark(String chinaTime) throws Exception {
        harness.processWatermark(new Watermark(t(chinaTime)));
    }

    private List<Screening> screenings() {
        return harness.extractOutputValues();
    }

    private Screening screening(Category category, String instant) {
        return screenings().stream()
                .filter(s -> s.getCategory() == category)
                .filter(s -> s.getScreeningTime().toEpochMilli() == t(instant))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no screening " + category + " " + instant));
    }

    private List<Feedback> feedback() {
        return harness.getSideOutput(CadenceScheduler.FEEDBACK).stream()
                .map(StreamRecord::getValue)
                .toList();
    }

    /** {@code psn level total new/late} per person. */
    private static List<String> persons(List<CadencePerson> persons) {
        return persons.stream()
                .map(
                        p ->
                                p.getPsnNo()
                                        + " "
                                        + p.getLevel()
                                        + " "
                                        + p.getAnnualSelfPay().toPlainString()
                                        + (p.getIsNew() ? " new" : "")
                                        + (p.getLate() ? " late" : ""))
                .toList();
    }

    private static String times(List<Screening> s) {
        return s.stream()
                .map(x -> ChinaTime.format(x.getScreeningTime().toEpochMilli()).substring(0, 10))
                .collect(Collectors.joining(" "));
    }

    @Test
    void screensOnTheCalendarFromTheStartOfTheYearAcrossTheYearEnd() throws Exception {
        blue("P1", 31_000, T1, "2025-12-24 10:00:00");
        watermark("2026-01-06 00:00:00");

        List<Screening> assisted =
                screenings().stream().filter(s -> s.getCategory() == Category.ASSISTED).toList();
        // 2025: 52 Mondays and 52 Thursdays; then 2026-01-01 (Thu) and 2026-01-05 (Mon).
        assertThat(assisted).hasSize(106);
        assertThat(times(assisted.subList(0, 2))).isEqualTo("2025-01-02 2025-01-06");
        assertThat(times(assisted.subList(102, 106)))
                .isEqualTo("2025-12-25 2025-12-29 2026-01-01 2026-01-05");
        List<Screening> ordinary =
                screenings().stream().filter(s -> s.getCategory() == Category.ORDINARY).toList();
        assertThat(times(ordinary.subList(0, 1))).isEqualTo("2025-01-13");
        assertThat(ordinary).as("13 Jan .. 29 Dec 2025; 12 Jan 2026 not yet").hasSize(26);
        assertThat(ordinary.get(25).getScreeningTime().toEpochMilli())
                .isEqualTo(t("2025-12-29 00:00:00"));

        assertThat(persons(screening(Category.ASSISTED, "2025-12-22 00:00:00").getPersons()))
                .isEmpty();
        Screening first = screening(Category.ASSISTED, "2025-12-25 00:00:00");
        assertThat(persons(first.getPersons())).containsExactly("P1 BLUE 31000.00 new");
        assertThat(first.getScreeningId()).isEqualTo("ASSISTED-371525-202512250000");
        assertThat(first.getPreviousScreeningTime().toEpochMilli())
                .isEqualTo(t("2025-12-22 00:00:00"));
        assertThat(first.getCounts()).hasSize(1);
        assertThat(first.getCounts().get(0).getTownshipCode()).isEqualTo(T1);
        assertThat(first.getCounts().get(0).getCount()).isEqualTo(1);
        assertThat(persons(screening(Category.ASSISTED, "2026-01-01 00:00:00").getPersons()))
                .as("the 2025 row stays listed while its year is open")
                .containsExactly("P1 BLUE 31000.00");
        assertThat(screening(Category.ORDINARY, "2025-12-29 00:00:00").getPersonCount()).isZero();
    }

    @Test
    void aLateChangeGoesIntoTheNextScreeningMarkedLate() throws Exception {
        blue("P1", 31_000, T1, "2025-12-24 10:00:00");
        watermark("2025-12-30 00:00:00");
        // Dated Sunday, before the Monday screening, but observed only on Tuesday.
        change(
                "P1",
                Category.ASSISTED,
                Level.BLUE,
                45_000,
                T1,
                "2025-12-28 18:00:00",
                "2025-12-30 00:00:01");
        blue("P2", 30_000, T2, "2025-12-30 09:00:00");
        watermark("2026-01-02 00:00:00");

        assertThat(persons(screening(Category.ASSISTED, "2025-12-29 00:00:00").getPersons()))
                .containsExactly("P1 BLUE 31000.00");
        Screening yearEnd = screening(Category.ASSISTED, "2026-01-01 00:00:00");
        assertThat(persons(yearEnd.getPersons()))
                .containsExactly("P1 BLUE 45000.00 late", "P2 BLUE 30000.00 new");
        assertThat(yearEnd.getNewCount()).isEqualTo(1);
        assertThat(yearEnd.getLateCount()).isEqualTo(1);
        assertThat(yearEnd.getCounts()).hasSize(2);
        watermark("2026-01-06 00:00:00");
        assertThat(persons(screening(Category.ASSISTED, "2026-01-05 00:00:00").getPersons()))
                .as("late only once, new only once")
                .containsExactly("P1 BLUE 45000.00", "P2 BLUE 30000.00");
    }

    @Test
    void monthlyFeedbackPerTownshipAtTheMonthEndWithZeroReports() throws Exception {
        blue("P1", 31_000, T1, "2025-01-31 23:59:59");
        blue("P2", 32_000, T2, "2025-02-01 00:00:00");
        change(
                "P3",
                Category.ORDINARY,
                Level.YELLOW,
                100_000,
                null,
                "2025-02-02 08:00:00",
                "2025-02-02 08:00:00");
        watermark("2025-02-28 23:59:59");

        List<Feedback> blue = feedback().stream().filter(f -> f.getLevel() == Level.BLUE).toList();
        // 1 January: no township known yet; 1 February: P2, dated exactly at the instant,
        // counts after it; 1 March not yet.
        assertThat(blue)
                .extracting(Feedback::getFeedbackId)
                .containsExactly("371525101-BLUE-202502010000");
        assertThat(persons(blue.get(0).getPersons())).containsExactly("P1 BLUE 31000.00 new");

        watermark("2025-03-01 00:00:00");
        List<Feedback> march =
                feedback().stream()
                        .filter(f -> f.getFeedbackTime().toEpochMilli() == t("2025-03-01 00:00:00"))
                        .toList();
        assertThat(march)
                .extracting(Feedback::getFeedbackId)
                .containsExactly(
                        "371525-none-BLUE-202503010000",
                        "371525002-BLUE-202503010000",
                        "371525101-BLUE-202503010000");
        assertThat(persons(march.get(0).getPersons())).as("zero report").isEmpty();
        assertThat(persons(march.get(1).getPersons())).containsExactly("P2 BLUE 32000.00 new");
        assertThat(persons(march.get(2).getPersons())).containsExactly("P1 BLUE 31000.00");

        // Yellow every second Monday: 10 Feb 2025, P3 without township (registry missing).
        Feedback yellow =
                feedback().stream()
                        .filter(f -> f.getLevel() == Level.YELLOW)
                        .filter(f -> f.getTownshipCode() == null)
                        .findFirst()
                        .orElseThrow();
        assertThat(yellow.getFeedbackId()).isEqualTo("371525-none-YELLOW-202502100000");
        assertThat(persons(yellow.getPersons())).containsExactly("P3 YELLOW 100000.00 new");
        assertThat(feedback()).noneMatch(f -> f.getLevel() == Level.RED);
    }

    @Test
    void membersLeaveAndOnlyTheCountyClocksStay() throws Exception {
        blue("P1", 31_000, T1, "2025-12-24 10:00:00");
        change(
                "P2",
                Category.ORDINARY,
                Level.RED,
                400_000,
                T2,
                "2025-12-24 11:00:00",
                "2025-12-24 11:00:00");
        // Heap state counts one entry per state and key: the county clocks and a map.
        assertThat(harness.numKeyedStateEntries()).as("clocks + pending").isEqualTo(2);
        watermark("2025-12-26 00:00:00");
        assertThat(harness.numKeyedStateEntries()).as("clocks + members").isEqualTo(2);

        leave("P1", 2025, "2025-12-27 00:00:00"); // fell below blue
        leave("P2", 2025, "2026-04-01 00:00:00"); // the year closed
        watermark("2026-04-02 00:00:00");

        assertThat(screening(Category.ASSISTED, "2025-12-29 00:00:00").getPersonCount()).isZero();
        assertThat(persons(screening(Category.ORDINARY, "2026-03-23 00:00:00").getPersons()))
                .containsExactly("P2 RED 400000.00");
        assertThat(harness.numKeyedStateEntries()).as("only the county clocks").isEqualTo(1);
        assertThat(harness.numEventTimeTimers())
                .as("the next instants: 6 April (both screenings, yellow) and 1 May (blue)")
                .isEqualTo(2);
    }

    @Test
    void noInstantsAreEmittedAtTheEndOfABoundedInput() throws Exception {
        blue("P1", 31_000, T1, "2025-01-03 10:00:00");
        watermark("2025-01-07 00:00:00");
        int before = screenings().size();
        harness.processWatermark(new Watermark(Long.MAX_VALUE));
        assertThat(screenings()).hasSize(before);
        assertThat(times(screenings())).isEqualTo("2025-01-02 2025-01-06");
    }
}

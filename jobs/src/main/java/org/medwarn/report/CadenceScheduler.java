package org.medwarn.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.medwarn.avro.CadencePerson;
import org.medwarn.avro.Category;
import org.medwarn.avro.Feedback;
import org.medwarn.avro.Level;
import org.medwarn.avro.Screening;
import org.medwarn.avro.TownshipLevelCount;
import org.medwarn.cadence.CadencePolicy;
import org.medwarn.policy.Money;
import org.medwarn.policy.Policy;
import org.medwarn.time.ChinaTime;

/**
 * 筛选与反馈: per county, emits a {@link Screening} at every screening instant of each category and a
 * {@link Feedback} per township at every feedback instant of each calendar level ({@link
 * #FEEDBACK}), on event time (DOMAIN.md Rule cadences). Keyed by county code; input the {@link
 * CadenceChange}s of {@link CadenceMembership}.
 *
 * <p><b>Deterministic by event time.</b> A change is held until the watermark passes its effective
 * time and then applied, in effective-time order; a screening at instant T fires when the watermark
 * reaches T − 1 ms and lists the members as of every change effective before T. A change whose
 * event time is before the previous screening (feedback) of the member's category (level) is a late
 * one: the member is marked {@code late} in the next screening (feedback). A member is {@code new}
 * when the previous screening of its category (feedback of its level) did not list it.
 *
 * <p><b>Clocks.</b> A county's cadences start at the first instant of the year of its first change
 * and run from then on, so a screening happens on Monday even when nothing arrives (in a live job
 * the watermark advances with the wall clock when the sources are idle). At the end of a bounded
 * input (watermark {@code Long.MAX_VALUE}) no further instants are emitted: they have not been
 * reached by event time.
 *
 * <p>State: {@link #COUNTY} (the clocks and townships: for the lifetime of the job, one per
 * county), {@link #MEMBERS} (one entry per person-year at a level: removed when it falls to NONE,
 * moves away or its year closes) and {@link #PENDING} (changes waiting for the watermark: removed
 * when applied).
 */
public class CadenceScheduler extends KeyedProcessFunction<String, CadenceChange, Screening> {
    private static final long serialVersionUID = 1L;

    /** Feedback at the calendar instants of each level, per township. */
    public static final OutputTag<Feedback> FEEDBACK = new OutputTag<>("feedback") {};

    public static final ValueStateDescriptor<CountyCadence> COUNTY =
            new ValueStateDescriptor<>("county-cadence", TypeInformation.of(CountyCadence.class));

    /** Person-years at a level, by {@code psn_no/year}. */
    public static final MapStateDescriptor<String, CadenceMember> MEMBERS =
            new MapStateDescriptor<>(
                    "cadence-members", Types.STRING, TypeInformation.of(CadenceMember.class));

    /** Changes not yet applied, by effective time, in arrival order. */
    public static final MapStateDescriptor<Long, CadenceChange[]> PENDING =
            new MapStateDescriptor<>(
                    "cadence-pending", Types.LONG, TypeInformation.of(CadenceChange[].class));

    private static final Category[] CATEGORIES = Category.values();
    private static final Level[] LEVELS = Level.values();

    private final String policyVersion;
    private final CadencePolicy cadences;

    private transient ValueState<CountyCadence> county;
    private transient MapState<String, CadenceMember> members;
    private transient MapState<Long, CadenceChange[]> pending;

    /** Copies inputs before they are held: with object reuse the next record may overwrite one. */
    private transient TypeSerializer<CadenceChange> copier;

    public CadenceScheduler(Policy policy) {
        this.policyVersion = policy.version();
        this.cadences = policy.cadences();
    }

    @Override
    public void open(OpenContext openContext) {
        county = getRuntimeContext().getState(COUNTY);
        members = getRuntimeContext().getMapState(MEMBERS);
        pending = getRuntimeContext().getMapState(PENDING);
        copier = getRuntimeContext().createSerializer(TypeInformation.of(CadenceChange.class));
    }

    @Override
    public void processElement(CadenceChange input, Context ctx, Collector<Screening> out)
            throws Exception {
        CadenceChange change = copier.copy(input);
        if (county.value() == null) {
            county.update(startClocks(change.effectiveTime, ctx));
        }
        CadenceChange[] held = pending.get(change.effectiveTime);
        if (held == null) {
            held = new CadenceChange[] {change};
            ctx.timerService().registerEventTimeTimer(change.effectiveTime);
        } else {
            held = Arrays.copyOf(held, held.length + 1);
            held[held.length - 1] = change;
        }
        pending.put(change.effectiveTime, held);
    }

    /** Clocks from the start of the year of {@code time}; one timer at each next instant − 1. */
    private CountyCadence startClocks(long time, Context ctx) {
        long from = ChinaTime.startOfYear(ChinaTime.yearOf(time)) - 1;
        CountyCadence c = new CountyCadence();
        c.lastScreening = new long[CATEGORIES.length];
        c.nextScreening = new long[CATEGORIES.length];
        c.lastFeedback = new long[LEVELS.length];
        c.nextFeedback = new long[LEVELS.length];
        for (Category category : CATEGORIES) {
            long next = cadences.screening(category).nextAfter(from);
            c.nextScreening[category.ordinal()] = next;
            ctx.timerService().registerEventTimeTimer(next - 1);
        }
        for (Level level : LEVELS) {
            if (hasCalendar(level)) {
                long next = cadences.feedback(level).nextAfter(from);
                c.nextFeedback[level.ordinal()] = next;
                ctx.timerService().registerEventTimeTimer(next - 1);
            }
        }
        return c;
    }

    private boolean hasCalendar(Level level) {
        return level != Level.NONE && !cadences.feedback(level).isImmediate();
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Screening> out)
            throws Exception {
        CountyCadence c = county.value();
        CadenceChange[] due = pending.get(timestamp);
        if (due != null) {
            for (CadenceChange change : due) {
                apply(change, c);
            }
            pending.remove(timestamp);
        }
        boolean ended = ctx.timerService().currentWatermark() == Long.MAX_VALUE;
        for (Category category : CATEGORIES) {
            long instant = c.nextScreening[category.ordinal()];
            if (instant - 1 == timestamp && !ended) {
                out.collect(screening(ctx.getCurrentKey(), category, instant, c));
                c.lastScreening[category.ordinal()] = instant;
                c.nextScreening[category.ordinal()] =
                        cadences.screening(category).nextAfter(instant);
                ctx.timerService().registerEventTimeTimer(c.nextScreening[category.ordinal()] - 1);
            }
        }
        for (Level level : LEVELS) {
            long instant = c.nextFeedback[level.ordinal()];
            if (hasCalendar(level) && instant - 1 == timestamp && !ended) {
                for (Feedback f : feedback(ctx.getCurrentKey(), level, instant, c)) {
                    ctx.output(FEEDBACK, f);
                }
                c.lastFeedback[level.ordinal()] = instant;
                c.nextFeedback[level.ordinal()] = cadences.feedback(level).nextAfter(instant);
                ctx.timerService().registerEventTimeTimer(c.nextFeedback[level.ordinal()] - 1);
            }
        }
        county.update(c);
    }

    private void apply(CadenceChange change, CountyCadence c) throws Exception {
        CadenceMember m = change.member;
        if (m == null) {
            members.remove(change.memberKey);
            return;
        }
        CadenceMember old = members.get(change.memberKey);
        if (old != null) {
            m.screenedCategory = old.screenedCategory;
            m.screenedAt = old.screenedAt;
            m.fedBackLevel = old.fedBackLevel;
            m.fedBackAt = old.fedBackAt;
            m.screeningLate = old.screeningLate;
            m.feedbackLate = old.feedbackLate;
        }
        if (change.eventTime < c.lastScreening[m.category.ordinal()]) {
            m.screeningLate = true;
        }
        if (change.eventTime < c.lastFeedback[m.level.ordinal()]) {
            m.feedbackLate = true;
        }
        members.put(change.memberKey, m);
        String township = m.townshipCode == null ? "" : m.townshipCode;
        if (Arrays.binarySearch(c.townships, township) < 0) {
            String[] t = Arrays.copyOf(c.townships, c.townships.length + 1);
            t[t.length - 1] = township;
            Arrays.sort(t);
            c.townships = t;
        }
    }

    /** The members matching, sorted by psn_no and year. */
    private List<CadenceMember> members(Category category, Level level) throws Exception {
        List<CadenceMember> list = new ArrayList<>();
        for (CadenceMember m : members.values()) {
            if ((category == null || m.category == category)
                    && (level == null || m.level == level)) {
                list.add(m);
            }
        }
        list.sort(Comparator.comparing((CadenceMember m) -> m.psnNo).thenComparingInt(m -> m.year));
        return list;
    }

    private Screening screening(String countyCode, Category category, long instant, CountyCadence c)
            throws Exception {
        long previous = c.lastScreening[category.ordinal()];
        List<CadencePerson> persons = new ArrayList<>();
        Map<String, Integer> counts = new TreeMap<>();
        int fresh = 0;
        int late = 0;
        for (CadenceMember m : members(category, null)) {
            boolean isNew = !(m.screenedCategory == category && m.screenedAt == previous);
            persons.add(person(m, isNew, m.screeningLate));
            fresh += isNew ? 1 : 0;
            late += m.screeningLate ? 1 : 0;
            counts.merge(
                    (m.townshipCode == null ? "" : m.townshipCode) + "|" + m.level.name(),
                    1,
                    Integer::sum);
            m.screenedCategory = category;
            m.screenedAt = instant;
            m.screeningLate = false;
            members.put(m.key(), m);
        }
        List<TownshipLevelCount> byTownship = new ArrayList<>();
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            String[] parts = e.getKey().split("\\|");
            byTownship.add(
                    new TownshipLevelCount(
                            parts[0].isEmpty() ? null : parts[0],
                            Level.valueOf(parts[1]),
                            e.getValue()));
        }
        return Screening.newBuilder()
                .setScreeningId(category + "-" + countyCode + "-" + stamp(instant))
                .setCategory(category)
                .setCountyCode(countyCode)
                .setScreeningTime(Instant.ofEpochMilli(instant))
                .setPreviousScreeningTime(previous == 0 ? null : Instant.ofEpochMilli(previous))
                .setSchedule(cadences.screening(category).toString())
                .setPolicyVersion(policyVersion)
                .setPersonCount(persons.size())
                .setNewCount(fresh)
                .setLateCount(late)
                .setCounts(byTownship)
                .setPersons(persons)
                .build();
    }

    private List<Feedback> feedback(String countyCode, Level level, long instant, CountyCadence c)
            throws Exception {
        long previous = c.lastFeedback[level.ordinal()];
        Map<String, List<CadencePerson>> byTownship = new TreeMap<>();
        for (String township : c.townships) {
            byTownship.put(township, new ArrayList<>());
        }
        for (CadenceMember m : members(null, level)) {
            boolean isNew = !(m.fedBackLevel == level && m.fedBackAt == previous);
            byTownship
                    .get(m.townshipCode == null ? "" : m.townshipCode)
                    .add(person(m, isNew, m.feedbackLate));
            m.fedBackLevel = level;
            m.fedBackAt = instant;
            m.feedbackLate = false;
            members.put(m.key(), m);
        }
        List<Feedback> out = new ArrayList<>();
        for (Map.Entry<String, List<CadencePerson>> e : byTownship.entrySet()) {
            String township = e.getKey().isEmpty() ? null : e.getKey();
            List<CadencePerson> persons = e.getValue();
            out.add(
                    Feedback.newBuilder()
                            .setFeedbackId(
                                    (township == null ? countyCode + "-none" : township)
                                            + "-"
                                            + level
                                            + "-"
                                            + stamp(instant))
                            .setLevel(level)
                            .setCountyCode(countyCode)
                            .setTownshipCode(township)
                            .setFeedbackTime(Instant.ofEpochMilli(instant))
                            .setPreviousFeedbackTime(
                                    previous == 0 ? null : Instant.ofEpochMilli(previous))
                            .setImmediate(false)
                            .setSchedule(cadences.feedback(level).toString())
                            .setPolicyVersion(policyVersion)
                            .setPersonCount(persons.size())
                            .setNewCount(
                                    (int) persons.stream().filter(CadencePerson::getIsNew).count())
                            .setPersons(persons)
                            .build());
        }
        return out;
    }

    static CadencePerson person(CadenceMember m, boolean isNew, boolean late) {
        return CadencePerson.newBuilder()
                .setPsnNo(m.psnNo)
                .setYear(m.year)
                .setCategory(m.category)
                .setIdentity(m.identity)
                .setLevel(m.level)
                .setAnnualSelfPay(Money.toYuan(m.totalCents))
                .setTownshipCode(m.townshipCode)
                .setVillageCode(m.villageCode)
                .setRegistryMissing(m.registryMissing)
                .setLevelReachedTime(
                        m.reachedTime(m.level) == null
                                ? null
                                : Instant.ofEpochMilli(m.reachedTime(m.level)))
                .setLastEventTime(Instant.ofEpochMilli(m.lastEventTime))
                .setIsNew(isNew)
                .setLate(late)
                .build();
    }

    /** {@code yyyyMMddHHmm} China time: the instant in ids. */
    static String stamp(long instant) {
        return ChinaTime.format(instant).replaceAll("[^0-9]", "").substring(0, 12);
    }
}

package org.medwarn.state;

import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.medwarn.avro.Category;
import org.medwarn.avro.LedgerEntry;
import org.medwarn.avro.Level;
import org.medwarn.avro.Trigger;
import org.medwarn.avro.Warning;
import org.medwarn.ingest.DeadLetterReason;
import org.medwarn.ingest.DeadLetters;
import org.medwarn.ingest.MonitoringEvent;
import org.medwarn.policy.Money;
import org.medwarn.policy.Policy;
import org.medwarn.policy.Thresholds;
import org.medwarn.time.ChinaTime;

/**
 * 个人年度自付监测: keeps each person's annual self-pay total per calendar year (China time) and emits a
 * {@link Warning} whenever the 蓝/黄/红 level changes, up or down. Keyed by {@code psn_no}; implements
 * the Rules of DOMAIN.md §5:
 *
 * <ul>
 *   <li><b>Duplicates</b>: a {@code setl_id} already counted is ignored; the same {@code setl_id}
 *       with other content is a conflict: the first is kept, the second dead-lettered
 *       (CONFLICTING_DUPLICATE).
 *   <li><b>Reversals</b> ({@code refd_setl_flag = 1}): cancel the original's counted self-pay in
 *       the original's year; the level may fall. A reversal that comes before its original waits
 *       for it until the reversal's year closes, then is dead-lettered (REVERSAL_ORIGINAL_MISSING).
 *   <li><b>Late settlements</b> count in the year of {@code setl_time} until that year closes at
 *       the end of the policy's late-settlement bound in the following year (default 31 March);
 *       after that they are dead-lettered (LATE_BEYOND_BOUND). Closing a year emits its final
 *       {@link LedgerEntry} ({@code closed = true}) and removes all its state, by an event-time
 *       timer.
 *   <li><b>Levels</b>: the highest level whose threshold is {@code <=} the total, under the
 *       thresholds of the person's category; a skip (NONE to RED) is one warning.
 *   <li><b>Category</b>: from the registry version in effect at the year's latest event time
 *       ({@code asOf}, so an old late settlement never evaluates under an older category). A person
 *       without a registry entry is ORDINARY, with the county from {@code insu_admdvs}, and the
 *       warning says {@code registry_missing}. A registry change re-evaluates the open years at
 *       once when its {@code effective_from} has passed (watermark), otherwise when it does.
 * </ul>
 *
 * <p>Outputs: warnings (main), {@link #LEDGER} after every change of a person-year, {@link
 * DeadLetters#TAG}. State: {@link #PERSON} (registry history and open years, one read and one write
 * per event) and {@link #SETTLEMENTS} (one entry per {@code setl_id} until its year closes).
 */
public class SelfPayMonitor extends KeyedProcessFunction<String, MonitoringEvent, Warning> {
    private static final long serialVersionUID = 1L;

    /** Ledger (台账) updates: the state of a person-year after each change. */
    public static final OutputTag<LedgerEntry> LEDGER = new OutputTag<>("ledger") {};

    /** Registry history and open years of the person. */
    public static final ValueStateDescriptor<PersonState> PERSON =
            new ValueStateDescriptor<>("person", TypeInformation.of(PersonState.class));

    /** Every {@code setl_id} of the person's open years. */
    public static final MapStateDescriptor<String, SettlementEntry> SETTLEMENTS =
            new MapStateDescriptor<>(
                    "settlements", Types.STRING, TypeInformation.of(SettlementEntry.class));

    private final Policy policy;

    private transient ValueState<PersonState> person;
    private transient MapState<String, SettlementEntry> settlements;
    private transient DeadLetters deadLetters;
    private transient Counter counted;
    private transient Counter duplicates;
    private transient Counter reversals;
    private transient Counter reversalsHeld;
    private transient Counter warnings;

    /** The person being processed: set on entry to processElement and onTimer. */
    private transient String key;

    public SelfPayMonitor(Policy policy) {
        this.policy = policy;
    }

    @Override
    public void open(OpenContext openContext) {
        person = getRuntimeContext().getState(PERSON);
        settlements = getRuntimeContext().getMapState(SETTLEMENTS);
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        deadLetters = new DeadLetters(metrics);
        MetricGroup group = metrics.addGroup("medwarn");
        counted = group.counter("settlementsCounted");
        duplicates = group.counter("duplicatesIgnored");
        reversals = group.counter("reversalsApplied");
        reversalsHeld = group.counter("reversalsHeld");
        warnings = group.counter("warnings");
    }

    @Override
    public void processElement(MonitoringEvent e, Context ctx, Collector<Warning> out)
            throws Exception {
        key = ctx.getCurrentKey();
        PersonState p = person.value();
        if (p == null) {
            p = new PersonState();
        }
        boolean changed =
                e.type == MonitoringEvent.Type.REGISTRY
                        ? onRegistry(e, p, ctx, out)
                        : onSettlement(e, p, ctx, out);
        if (changed) {
            person.update(p);
        }
    }

    private boolean onRegistry(
            MonitoringEvent e, PersonState p, Context ctx, Collector<Warning> out) {
        long watermark = ctx.timerService().currentWatermark();
        long keepFrom =
                watermark == Long.MIN_VALUE
                        ? Long.MIN_VALUE
                        : ChinaTime.startOfYear(ChinaTime.yearOf(watermark) - 1);
        // An entry without name or ID number keeps those of the version it supersedes.
        RegistryVersion before = p.registryAt(e.eventTime);
        p.addRegistryVersion(
                new RegistryVersion(e.eventTime, e.category, e.identity, e.admdvs)
                        .withMasked(
                                e.psnNameMasked != null || before == null
                                        ? e.psnNameMasked
                                        : before.psnNameMasked,
                                e.certnoMasked != null || before == null
                                        ? e.certnoMasked
                                        : before.certnoMasked),
                keepFrom);
        if (e.eventTime <= watermark) {
            applyRegistryChange(p, e.eventTime, ctx, out);
        } else {
            ctx.timerService().registerEventTimeTimer(e.eventTime);
        }
        return true;
    }

    /** Re-evaluates every open year that a registry change effective at {@code time} affects. */
    private void applyRegistryChange(
            PersonState p, long time, Context ctx, Collector<Warning> out) {
        for (PersonYear y : p.years) {
            long yearEnd = ChinaTime.startOfYear(y.year + 1);
            if (time >= yearEnd) {
                continue; // a change in a later year does not alter a finished year
            }
            y.asOf = Math.max(y.asOf, time);
            long at = Math.max(time, ChinaTime.startOfYear(y.year));
            if (evaluate(p, y, Trigger.REGISTRY_CHANGE, null, at, out)) {
                ctx.output(LEDGER, ledger(y, false));
            }
        }
    }

    private boolean onSettlement(
            MonitoringEvent e, PersonState p, Context ctx, Collector<Warning> out)
            throws Exception {
        int year = ChinaTime.yearOf(e.eventTime);
        long closesAt = policy.yearClosesAt(year);
        if (ctx.timerService().currentWatermark() >= closesAt) {
            reject(
                    ctx,
                    e,
                    DeadLetterReason.LATE_BEYOND_BOUND,
                    "setl_time "
                            + ChinaTime.format(e.eventTime)
                            + " belongs to "
                            + year
                            + ", which closed at "
                            + ChinaTime.format(closesAt)
                            + " (late_settlement_bound "
                            + String.format(
                                    "%02d-%02d",
                                    policy.lateSettlementBound().getMonthValue(),
                                    policy.lateSettlementBound().getDayOfMonth())
                            + ")");
            return false;
        }
        return e.isReversal() ? onReversal(e, p, ctx, out) : onOriginal(e, year, p, ctx, out);
    }

    private boolean onOriginal(
            MonitoringEvent e, int year, PersonState p, Context ctx, Collector<Warning> out)
            throws Exception {
        SettlementEntry known = settlements.get(e.setlId);
        if (known != null && known.status != SettlementEntry.Status.PENDING_REVERSAL) {
            seenBefore(known, e, ctx);
            return false;
        }
        if (p.year(year) == null) {
            // The year's state is created now: it closes (and is removed) by this timer.
            ctx.timerService().registerEventTimeTimer(policy.yearClosesAt(year));
        }
        PersonYear y = p.openYear(year);
        y.insuAdmdvs = e.insuAdmdvs;
        long selfPay = policy.selfPayMeasure().selfPay(e.psnPartCents, e.fulamtOwnpayCents);
        y.totalCents += selfPay;
        y.settlementsCounted++;
        y.asOf = Math.max(y.asOf, e.eventTime);
        y.lastSetlTime =
                y.lastSetlTime == null ? e.eventTime : Math.max(y.lastSetlTime, e.eventTime);
        counted.inc();
        SettlementEntry entry = entry(year, SettlementEntry.Status.COUNTED, e);
        if (known != null) {
            // Its reversal came first and waited: cancel at once, net nothing.
            MonitoringEvent reversal = known.pendingReversal;
            y.totalCents -= selfPay;
            y.settlementsCounted--;
            entry.status = SettlementEntry.Status.REVERSED;
            settlements.put(
                    reversal.setlId, entry(year, SettlementEntry.Status.REVERSAL_ROW, reversal));
            reversals.inc();
        }
        settlements.put(e.setlId, entry);
        evaluate(p, y, Trigger.SETTLEMENT, e.setlId, e.eventTime, out);
        ctx.output(LEDGER, ledger(y, false));
        return true;
    }

    private boolean onReversal(
            MonitoringEvent e, PersonState p, Context ctx, Collector<Warning> out)
            throws Exception {
        SettlementEntry own = settlements.get(e.setlId);
        if (own != null) {
            seenBefore(own, e, ctx);
            return false;
        }
        SettlementEntry original = settlements.get(e.initSetlId);
        if (original == null) {
            int holdYear = ChinaTime.yearOf(e.eventTime);
            SettlementEntry held = entry(holdYear, SettlementEntry.Status.PENDING_REVERSAL, e);
            held.pendingReversal = e;
            settlements.put(e.initSetlId, held);
            ctx.timerService().registerEventTimeTimer(policy.yearClosesAt(holdYear));
            reversalsHeld.inc();
            return false;
        }
        switch (original.status) {
            case PENDING_REVERSAL -> {
                if (original.pendingReversal.setlId.equals(e.setlId)
                        && original.fingerprint == e.fingerprint) {
                    duplicates.inc();
                } else {
                    reject(
                            ctx,
                            e,
                            DeadLetterReason.REVERSAL_ALREADY_APPLIED,
                            "settlement "
                                    + e.initSetlId
                                    + " already has reversal "
                                    + original.pendingReversal.setlId
                                    + " waiting for it");
                }
                return false;
            }
            case REVERSED -> {
                reject(
                        ctx,
                        e,
                        DeadLetterReason.REVERSAL_ALREADY_APPLIED,
                        "settlement " + e.initSetlId + " is already reversed");
                return false;
            }
            case REVERSAL_ROW -> {
                reject(
                        ctx,
                        e,
                        DeadLetterReason.BAD_REVERSAL,
                        "init_setl_id " + e.initSetlId + " is itself a reversal");
                return false;
            }
            default -> {
                PersonYear y = p.year(original.year);
                y.totalCents -=
                        policy.selfPayMeasure()
                                .selfPay(original.psnPartCents, original.fulamtOwnpayCents);
                y.settlementsCounted--;
                y.asOf = Math.max(y.asOf, e.eventTime);
                original.status = SettlementEntry.Status.REVERSED;
                settlements.put(e.initSetlId, original);
                settlements.put(
                        e.setlId, entry(original.year, SettlementEntry.Status.REVERSAL_ROW, e));
                reversals.inc();
                evaluate(p, y, Trigger.REVERSAL, e.setlId, e.eventTime, out);
                ctx.output(LEDGER, ledger(y, false));
                return true;
            }
        }
    }

    /**
     * A {@code setl_id} received before: the same record again (same kind, same content) is a
     * redelivery and ignored; anything else under that id is a conflict, and the first is kept.
     */
    private void seenBefore(SettlementEntry known, MonitoringEvent e, Context ctx) {
        boolean sameKind = (known.status == SettlementEntry.Status.REVERSAL_ROW) == e.isReversal();
        if (sameKind && known.fingerprint == e.fingerprint) {
            duplicates.inc();
        } else {
            reject(
                    ctx,
                    e,
                    DeadLetterReason.CONFLICTING_DUPLICATE,
                    "setl_id "
                            + e.setlId
                            + " was already received with other content; the first is kept");
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Warning> out)
            throws Exception {
        key = ctx.getCurrentKey();
        PersonState p = person.value();
        if (p != null) {
            for (RegistryVersion v : p.registry) {
                if (v.effectiveFrom == timestamp) {
                    applyRegistryChange(p, timestamp, ctx, out);
                }
            }
            for (PersonYear y : p.years.clone()) {
                if (policy.yearClosesAt(y.year) <= timestamp) {
                    ctx.output(LEDGER, ledger(y, true));
                    p.removeYear(y.year);
                }
            }
            if (p.isEmpty()) {
                person.clear();
            } else {
                person.update(p);
            }
        }
        for (Iterator<Map.Entry<String, SettlementEntry>> it = settlements.iterator();
                it.hasNext(); ) {
            SettlementEntry entry = it.next().getValue();
            if (policy.yearClosesAt(entry.year) > timestamp) {
                continue;
            }
            if (entry.status == SettlementEntry.Status.PENDING_REVERSAL) {
                MonitoringEvent reversal = entry.pendingReversal;
                reject(
                        ctx,
                        reversal,
                        DeadLetterReason.REVERSAL_ORIGINAL_MISSING,
                        "original settlement "
                                + reversal.initSetlId
                                + " of reversal "
                                + reversal.setlId
                                + " did not arrive before "
                                + ChinaTime.format(policy.yearClosesAt(entry.year)));
            }
            it.remove();
        }
        if (settlements.isEmpty()) {
            // Removing through the iterator leaves an empty map behind on the heap state backend;
            // clear() drops the person's entry itself.
            settlements.clear();
        }
    }

    /**
     * Sets category, identity and region from the registry version in effect at the year's {@code
     * asOf} and emits a warning when the level changes.
     *
     * @return whether anything about the year changed
     */
    private boolean evaluate(
            PersonState p,
            PersonYear y,
            Trigger trigger,
            String setlId,
            long eventTime,
            Collector<Warning> out) {
        RegistryVersion r = p.registryAt(Math.min(y.asOf, ChinaTime.startOfYear(y.year + 1) - 1));
        Category category = r == null ? Category.ORDINARY : r.category;
        String identity = r == null ? null : r.identity;
        String county = r == null ? y.insuAdmdvs : r.admdvs.substring(0, 6);
        String township = r == null ? null : r.admdvs.substring(0, 9);
        String village = r == null ? null : r.admdvs;
        boolean changed =
                category != y.category
                        || (r == null) != y.registryMissing
                        || !java.util.Objects.equals(village, y.villageCode)
                        || !java.util.Objects.equals(identity, y.identity)
                        || !java.util.Objects.equals(county, y.countyCode);
        y.category = category;
        y.identity = identity;
        y.countyCode = county;
        y.townshipCode = township;
        y.villageCode = village;
        y.registryMissing = r == null;
        y.psnNameMasked = r == null ? null : r.psnNameMasked;
        y.certnoMasked = r == null ? null : r.certnoMasked;
        Level level = policy.levelFor(category, y.totalCents);
        if (level == y.level) {
            return changed || trigger != Trigger.REGISTRY_CHANGE;
        }
        Level from = y.level;
        y.level = level;
        y.sequence++;
        markFirstReached(y, level, eventTime);
        Level crossed = level.ordinal() > from.ordinal() ? level : from;
        Long threshold = policy.thresholds(category).thresholdOf(crossed);
        Warning w = new Warning();
        w.setPsnNo(key);
        w.setYear(y.year);
        w.setSequence(y.sequence);
        w.setCategory(category);
        w.setIdentity(identity);
        w.setFromLevel(from);
        w.setToLevel(level);
        w.setAnnualSelfPay(Money.toYuan(y.totalCents));
        w.setThreshold(threshold == null ? null : Money.toYuan(threshold));
        w.setTrigger(trigger);
        w.setSetlId(setlId);
        w.setEventTime(Instant.ofEpochMilli(eventTime));
        w.setPolicyVersion(policy.version());
        w.setCountyCode(county);
        w.setTownshipCode(township);
        w.setVillageCode(village);
        w.setRegistryMissing(r == null);
        w.setPsnNameMasked(y.psnNameMasked);
        w.setCertnoMasked(y.certnoMasked);
        out.collect(w);
        warnings.inc();
        return true;
    }

    /** Records the first time of each level reached, among the levels the category has. */
    private void markFirstReached(PersonYear y, Level level, long time) {
        Thresholds thresholds = policy.thresholds(y.category);
        if (reached(thresholds, level, Level.BLUE) && y.firstBlueTime == null) {
            y.firstBlueTime = time;
        }
        if (reached(thresholds, level, Level.YELLOW) && y.firstYellowTime == null) {
            y.firstYellowTime = time;
        }
        if (reached(thresholds, level, Level.RED) && y.firstRedTime == null) {
            y.firstRedTime = time;
        }
    }

    private static boolean reached(Thresholds thresholds, Level level, Level candidate) {
        return level.ordinal() >= candidate.ordinal() && thresholds.thresholdOf(candidate) != null;
    }

    private LedgerEntry ledger(PersonYear y, boolean closed) {
        LedgerEntry l = new LedgerEntry();
        l.setPsnNo(key);
        l.setYear(y.year);
        l.setCategory(y.category);
        l.setIdentity(y.identity);
        l.setLevel(y.level);
        l.setAnnualSelfPay(Money.toYuan(y.totalCents));
        l.setSettlementsCounted(y.settlementsCounted);
        l.setCountyCode(y.countyCode);
        l.setTownshipCode(y.townshipCode);
        l.setVillageCode(y.villageCode);
        l.setFirstBlueTime(instant(y.firstBlueTime));
        l.setFirstYellowTime(instant(y.firstYellowTime));
        l.setFirstRedTime(instant(y.firstRedTime));
        l.setLastSetlTime(instant(y.lastSetlTime));
        l.setPolicyVersion(policy.version());
        l.setRegistryMissing(y.registryMissing);
        l.setClosed(closed);
        l.setPsnNameMasked(y.psnNameMasked);
        l.setCertnoMasked(y.certnoMasked);
        l.setRevision(++y.revision);
        return l;
    }

    private static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    private static SettlementEntry entry(
            int year, SettlementEntry.Status status, MonitoringEvent e) {
        SettlementEntry s = new SettlementEntry();
        s.year = year;
        s.status = status;
        s.psnPartCents = e.psnPartCents;
        s.fulamtOwnpayCents = e.fulamtOwnpayCents;
        s.fingerprint = e.fingerprint;
        return s;
    }

    private void reject(
            KeyedProcessFunction<String, MonitoringEvent, Warning>.Context ctx,
            MonitoringEvent e,
            DeadLetterReason reason,
            String detail) {
        ctx.output(DeadLetters.TAG, DeadLetters.of(e, reason, detail));
        deadLetters.count(reason);
    }
}

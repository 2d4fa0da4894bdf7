package org.medwarn.state;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
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
import org.medwarn.ingest.PolicyUpdate;
import org.medwarn.policy.InvalidPolicyException;
import org.medwarn.policy.Measure;
import org.medwarn.policy.Money;
import org.medwarn.policy.Policy;
import org.medwarn.policy.PolicyHistory;
import org.medwarn.policy.PolicyLoader;
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
 *   <li><b>Policies</b> (政策版本): a person-year is evaluated under the policy in effect at its latest
 *       event time ({@code asOf}, capped at the year's end), from the job's {@link PolicyHistory}
 *       plus the policies received on the broadcast input ({@link #POLICIES}). When event time (the
 *       watermark) reaches a policy's {@code effective_from}, every open year it concerns is
 *       re-evaluated under it and level changes are warnings with trigger POLICY_CHANGE naming the
 *       new version; an event-time timer per person does it, registered for existing persons
 *       through {@code applyToKeyedState} when the policy arrives, so the result depends on event
 *       time only. A policy that arrives after its {@code effective_from} has passed applies at
 *       once. The late-settlement bound of a year is that of the policy in effect when the year
 *       began.
 *   <li><b>Measures</b>: self-pay is kept in monthly buckets ({@link MonthBucket}); the calendar
 *       year sums the year's 12 months, {@code rolling_12_months} sums the 12 calendar months
 *       ending with the month of {@code asOf}. Under a rolling policy a month leaving the window
 *       re-evaluates the current year's row at the start of the month it left (trigger
 *       ROLLING_WINDOW), so levels also fall without new settlements.
 * </ul>
 *
 * <p>Outputs: warnings (main), {@link #LEDGER} after every change of a person-year, {@link
 * DeadLetters#TAG}. A ledger row is in the 台账 ({@link InLedger}: the {@code ledger} topic and
 * index) once its person-year has reached the policy's {@link Policy#ledgerFloorCents() ledger
 * floor} or a level, for the rest of the year; the rows before carry revision 0 and serve the job's
 * own aggregates only. State: {@link #PERSON} (registry history, open years and monthly buckets,
 * one read and one write per event), {@link #SETTLEMENTS} (one entry per {@code setl_id} until its
 * year closes) and {@link #POLICIES} (broadcast: published policies by {@code effective_from}).
 */
public class SelfPayMonitor
        extends KeyedBroadcastProcessFunction<String, MonitoringEvent, PolicyUpdate, Warning> {
    private static final long serialVersionUID = 1L;

    /**
     * Ledger (台账) updates: the state of a person-year after each change, including those below the
     * ledger floor (revision 0, see {@link InLedger}).
     */
    public static final OutputTag<LedgerEntry> LEDGER = new OutputTag<>("ledger") {};

    /**
     * The {@link #LEDGER} rows the cadences need (all but those of person-years that never reached
     * a level, see {@link #emitLedger}) again with the event time reached when they were produced:
     * the input of the cadences.
     */
    public static final OutputTag<LedgerUpdate> LEDGER_UPDATES =
            new OutputTag<>("ledger-updates") {};

    /** Registry history and open years of the person. */
    public static final ValueStateDescriptor<PersonState> PERSON =
            new ValueStateDescriptor<>("person", TypeInformation.of(PersonState.class));

    /** Every {@code setl_id} of the person's open years. */
    public static final MapStateDescriptor<String, SettlementEntry> SETTLEMENTS =
            new MapStateDescriptor<>(
                    "settlements", Types.STRING, TypeInformation.of(SettlementEntry.class));

    /** Published policies: YAML text by {@code effective_from} (epoch millis as a string). */
    public static final MapStateDescriptor<String, String> POLICIES =
            new MapStateDescriptor<>("policies", Types.STRING, Types.STRING);

    /** The policies the job was started with (replay: the whole policy history). */
    private final PolicyHistory initialPolicies;

    /** The job's policies plus those in {@link #POLICIES}; rebuilt from state after a restore. */
    private transient PolicyHistory policies;

    /**
     * The operator's timer service, taken from the first context that offers it. It registers
     * timers for the current key, which {@code applyToKeyedState} sets for each key it visits: so a
     * policy arriving on the broadcast input can schedule its re-evaluation for every person.
     */
    private transient TimerService timers;

    private transient ValueState<PersonState> person;

    /**
     * Whether a person's {@link #SETTLEMENTS} entry disappears with the last setl_id removed
     * through the iterator (RocksDB: {@link #emptiedSettlementsVanish()}); on the heap backend an
     * empty map stays behind until {@code clear()}.
     */
    private transient boolean emptiedSettlementsVanish;

    private transient MapState<String, SettlementEntry> settlements;
    private transient DeadLetters deadLetters;
    private transient Counter counted;
    private transient Counter duplicates;
    private transient Counter reversals;
    private transient Counter reversalsHeld;
    private transient Counter warnings;
    private transient Counter policiesReceived;

    /** The person being processed: set on entry to processElement and onTimer. */
    private transient String key;

    /**
     * How far event time has come for the current call: in processElement the larger of the
     * operator's watermark and the event's {@link MonitoringEvent#inputWatermark} (so that what is
     * late or already in effect depends on the input's order alone), in onTimer the timer's time.
     */
    private transient long watermark;

    /** The {@link LedgerUpdate#watermark} of the rows the current call emits. */
    private transient long rowWatermark;

    /** The side outputs of any of the function's contexts. */
    @FunctionalInterface
    private interface SideOutputs {
        <X> void output(OutputTag<X> tag, X value);
    }

    public SelfPayMonitor(Policy policy) {
        this(PolicyHistory.of(policy));
    }

    public SelfPayMonitor(PolicyHistory policies) {
        this.initialPolicies = policies;
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
        policiesReceived = group.counter("policiesReceived");
    }

    /**
     * Tells the monitor, after {@link #open}, that its state backend keeps nothing for a map whose
     * last entry was removed (RocksDB): closing a year then skips {@code clear()} on the emptied
     * {@link #SETTLEMENTS}. On RocksDB that call (and {@code isEmpty()}) seeks from the person's
     * first key to the next live one, across every entry removed before it: when a year closes, all
     * persons' settlements are removed at the same event time, and those seeks over the tombstones
     * made the close take minutes (Flink 2.2's map iterators have no upper bound, see
     * BENCHMARKS.md, session 12).
     */
    public void emptiedSettlementsVanish() {
        emptiedSettlementsVanish = true;
    }

    @Override
    public void processElement(MonitoringEvent e, ReadOnlyContext ctx, Collector<Warning> out)
            throws Exception {
        key = ctx.getCurrentKey();
        timers = ctx.timerService();
        watermark = Math.max(timers.currentWatermark(), e.inputWatermark);
        rowWatermark = watermark;
        restorePolicies(ctx.getBroadcastState(POLICIES));
        PersonState p = person.value();
        if (p == null) {
            p = new PersonState();
        }
        // Re-evaluate at the policies still to come into effect: new persons, and persons whose
        // instance had processed nothing yet (no timer service) when the policy arrived.
        for (Policy next : policies.changes()) {
            if (next.effectiveFrom() > watermark) {
                timers.registerEventTimeTimer(next.effectiveFrom());
            }
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
            MonitoringEvent e, PersonState p, ReadOnlyContext ctx, Collector<Warning> out) {
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
            applyChangeAt(
                    p,
                    e.eventTime,
                    Trigger.REGISTRY_CHANGE,
                    y -> emitLedger(ctx::output, y, false),
                    out);
        } else {
            timers.registerEventTimeTimer(e.eventTime);
        }
        return true;
    }

    /**
     * Re-evaluates every open year that a change effective at {@code time} (a registry version or a
     * policy) affects.
     */
    private void applyChangeAt(
            PersonState p,
            long time,
            Trigger trigger,
            Consumer<PersonYear> ledgerOut,
            Collector<Warning> out) {
        for (PersonYear y : p.years) {
            long yearEnd = ChinaTime.startOfYear(y.year + 1);
            if (time >= yearEnd) {
                continue; // a change in a later year does not alter a finished year
            }
            y.asOf = Math.max(y.asOf, time);
            long at = Math.max(time, ChinaTime.startOfYear(y.year));
            if (evaluate(p, y, trigger, null, at, out)) {
                ledgerOut.accept(y);
            }
        }
    }

    private boolean onSettlement(
            MonitoringEvent e, PersonState p, ReadOnlyContext ctx, Collector<Warning> out)
            throws Exception {
        int year = ChinaTime.yearOf(e.eventTime);
        long closesAt = yearClosesAt(year);
        Policy policy = policies.at(ChinaTime.startOfYear(year));
        if (watermark >= closesAt) {
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
            MonitoringEvent e, int year, PersonState p, ReadOnlyContext ctx, Collector<Warning> out)
            throws Exception {
        SettlementEntry known = settlements.get(e.setlId);
        if (known != null && known.status != SettlementEntry.Status.PENDING_REVERSAL) {
            seenBefore(known, e, ctx);
            return false;
        }
        if (p.year(year) == null) {
            // The year's state is created now: it closes (and is removed) by this timer.
            timers.registerEventTimeTimer(yearClosesAt(year));
        }
        PersonYear y = p.openYear(year);
        y.insuAdmdvs = e.insuAdmdvs;
        int month = ChinaTime.monthOf(e.eventTime);
        addToMonth(p, month, e.psnPartCents, e.fulamtOwnpayCents);
        y.settlementsCounted++;
        y.asOf = Math.max(y.asOf, e.eventTime);
        y.lastSetlTime =
                y.lastSetlTime == null ? e.eventTime : Math.max(y.lastSetlTime, e.eventTime);
        counted.inc();
        SettlementEntry entry = entry(year, SettlementEntry.Status.COUNTED, e);
        if (known != null) {
            // Its reversal came first and waited: cancel at once, net nothing.
            MonitoringEvent reversal = known.pendingReversal;
            addToMonth(p, month, -e.psnPartCents, -e.fulamtOwnpayCents);
            y.settlementsCounted--;
            entry.status = SettlementEntry.Status.REVERSED;
            settlements.put(
                    reversal.setlId, entry(year, SettlementEntry.Status.REVERSAL_ROW, reversal));
            reversals.inc();
        }
        settlements.put(e.setlId, entry);
        evaluate(p, y, Trigger.SETTLEMENT, e.setlId, e.eventTime, out);
        emitLedger(ctx::output, y, false);
        evaluateOtherWindows(p, y, month, Trigger.SETTLEMENT, e, ctx, out);
        return true;
    }

    /**
     * Under a rolling policy a month also counts in the windows of other open years (a late
     * December settlement is in January's 12 months): re-evaluates those too.
     */
    private void evaluateOtherWindows(
            PersonState p,
            PersonYear counted,
            int month,
            Trigger trigger,
            MonitoringEvent e,
            ReadOnlyContext ctx,
            Collector<Warning> out) {
        for (PersonYear other : p.years) {
            if (other != counted
                    && windowContains(p, other, month)
                    && evaluate(p, other, trigger, e.setlId, e.eventTime, out)) {
                emitLedger(ctx::output, other, false);
            }
        }
    }

    private boolean onReversal(
            MonitoringEvent e, PersonState p, ReadOnlyContext ctx, Collector<Warning> out)
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
            timers.registerEventTimeTimer(yearClosesAt(holdYear));
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
                addToMonth(p, original.month, -original.psnPartCents, -original.fulamtOwnpayCents);
                y.settlementsCounted--;
                y.asOf = Math.max(y.asOf, e.eventTime);
                original.status = SettlementEntry.Status.REVERSED;
                settlements.put(e.initSetlId, original);
                settlements.put(
                        e.setlId, entry(original.year, SettlementEntry.Status.REVERSAL_ROW, e));
                reversals.inc();
                evaluate(p, y, Trigger.REVERSAL, e.setlId, e.eventTime, out);
                emitLedger(ctx::output, y, false);
                evaluateOtherWindows(p, y, original.month, Trigger.REVERSAL, e, ctx, out);
                return true;
            }
        }
    }

    /**
     * A policy published on the {@code policies} topic: kept in broadcast state (replacing one with
     * the same {@code effective_from}) and scheduled for every person of this instance: an
     * event-time timer at its {@code effective_from} re-evaluates the person then; when that time
     * has already passed it re-evaluates everyone at once.
     */
    @Override
    public void processBroadcastElement(PolicyUpdate u, Context ctx, Collector<Warning> out)
            throws Exception {
        restorePolicies(ctx.getBroadcastState(POLICIES));
        Policy policy;
        try {
            policy = PolicyLoader.parse(u.yaml.getBytes(StandardCharsets.UTF_8), u.source);
        } catch (InvalidPolicyException e) {
            // DecodePolicy validated it already; a policy this version cannot read is rejected.
            ctx.output(DeadLetters.TAG, invalidPolicy(u, e.getMessage()));
            deadLetters.count(DeadLetterReason.INVALID_POLICY);
            return;
        }
        policiesReceived.inc();
        ctx.getBroadcastState(POLICIES).put(String.valueOf(policy.effectiveFrom()), u.yaml);
        policies = policies.with(policy);
        watermark = ctx.currentWatermark();
        rowWatermark = watermark;
        boolean passed = policy.effectiveFrom() <= watermark;
        ctx.applyToKeyedState(
                PERSON,
                (psnNo, state) -> {
                    PersonState p = state.value();
                    if (p == null) {
                        return;
                    }
                    key = psnNo;
                    if (passed) {
                        applyPolicy(p, policy, y -> emitLedger(ctx::output, y, false), out);
                        state.update(p);
                    } else if (timers != null) {
                        timers.registerEventTimeTimer(policy.effectiveFrom());
                    }
                });
    }

    private static org.medwarn.avro.DeadLetter invalidPolicy(PolicyUpdate u, String detail) {
        return org.medwarn.avro.DeadLetter.newBuilder()
                .setReason(DeadLetterReason.INVALID_POLICY.name())
                .setDetail(detail)
                .setSource(u.source == null ? "" : u.source)
                .setPartition(u.partition < 0 ? null : u.partition)
                .setOffset(u.offset)
                .setRaw(java.nio.ByteBuffer.wrap(u.yaml.getBytes(StandardCharsets.UTF_8)))
                .build();
    }

    /**
     * Re-evaluates the person's open years that {@code policy} concerns, at its {@code
     * effective_from}; under a rolling policy also schedules the months leaving the window.
     */
    private void applyPolicy(
            PersonState p, Policy policy, Consumer<PersonYear> ledgerOut, Collector<Warning> out) {
        if (policy.measure() == Measure.ROLLING_12_MONTHS && timers != null) {
            for (MonthBucket b : p.months) {
                scheduleLeavingWindow(b.month);
            }
        }
        applyChangeAt(p, policy.effectiveFrom(), Trigger.POLICY_CHANGE, ledgerOut, out);
    }

    /**
     * At the start of a month, under a rolling policy: the month 12 months back has left the
     * window, so the current year's row is measured again.
     */
    private void leaveRollingWindow(
            PersonState p, long timestamp, Consumer<PersonYear> ledgerOut, Collector<Warning> out) {
        int month = ChinaTime.monthOf(timestamp);
        PersonYear y = p.year(ChinaTime.yearOf(timestamp));
        if (y == null
                || ChinaTime.startOfMonth(month) != timestamp
                || policies.at(timestamp).measure() != Measure.ROLLING_12_MONTHS) {
            return;
        }
        y.asOf = Math.max(y.asOf, timestamp);
        if (evaluate(p, y, Trigger.ROLLING_WINDOW, null, timestamp, out)) {
            ledgerOut.accept(y);
        }
    }

    /** Adds to a monthly bucket; under a rolling policy a new month is scheduled to leave. */
    private void addToMonth(PersonState p, int month, long psnPartCents, long fulamtCents) {
        if (p.addToMonth(month, psnPartCents, fulamtCents) && policies.anyRolling()) {
            scheduleLeavingWindow(month);
        }
    }

    /** A timer at the start of the month in which {@code month} leaves the 12-month window. */
    private void scheduleLeavingWindow(int month) {
        long leaves = ChinaTime.startOfMonth(month + 12);
        if (leaves > watermark) {
            timers.registerEventTimeTimer(leaves);
        }
    }

    /**
     * The self-pay of a person-year under {@code policy}: the sum of the monthly buckets of the
     * calendar year, or of the 12 months ending with the month of the year's {@code asOf} (capped
     * at the year's end), with the policy's self-pay components.
     */
    private static long measure(PersonState p, PersonYear y, Policy policy) {
        int first = firstMonth(y, policy);
        int last = first + 11;
        long total = 0;
        for (MonthBucket b : p.months) {
            if (b.month >= first && b.month <= last) {
                total += policy.selfPayMeasure().selfPay(b.psnPartCents, b.fulamtOwnpayCents);
            }
        }
        return total;
    }

    private static int firstMonth(PersonYear y, Policy policy) {
        if (policy.measure() == Measure.ROLLING_12_MONTHS) {
            long asOf = Math.min(y.asOf, ChinaTime.startOfYear(y.year + 1) - 1);
            return ChinaTime.monthOf(Math.max(asOf, ChinaTime.startOfYear(y.year))) - 11;
        }
        return y.year * 12;
    }

    /** Whether {@code month} counts in the year's measured total under its current policy. */
    private boolean windowContains(PersonState p, PersonYear y, int month) {
        long asOf = Math.min(y.asOf, ChinaTime.startOfYear(y.year + 1) - 1);
        int first = firstMonth(y, policies.at(asOf));
        return month >= first && month <= first + 11;
    }

    /**
     * When the state of {@code year} is removed and its settlements stop counting: the end of the
     * late-settlement bound (in the following year) of the policy in effect when the year began.
     */
    private long yearClosesAt(int year) {
        return policies.at(ChinaTime.startOfYear(year)).yearClosesAt(year);
    }

    /** Sets {@link #policies} once per run: the job's history plus the published ones in state. */
    private void restorePolicies(ReadOnlyBroadcastState<String, String> published)
            throws Exception {
        if (policies != null) {
            return;
        }
        PolicyHistory h = initialPolicies;
        Map<Long, String> byTime = new TreeMap<>();
        for (Map.Entry<String, String> e : published.immutableEntries()) {
            byTime.put(Long.parseLong(e.getKey()), e.getValue());
        }
        for (String yaml : byTime.values()) {
            h = h.with(PolicyLoader.parse(yaml.getBytes(StandardCharsets.UTF_8), "policies state"));
        }
        policies = h;
    }

    /**
     * A {@code setl_id} received before: the same record again (same kind, same content) is a
     * redelivery and ignored; anything else under that id is a conflict, and the first is kept.
     */
    private void seenBefore(SettlementEntry known, MonitoringEvent e, ReadOnlyContext ctx) {
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

    /**
     * Emits the ledger row of {@code y} on {@link #LEDGER} and, with {@link #rowWatermark}, on
     * {@link #LEDGER_UPDATES} — there only when the cadences can use it: a row at a level, a
     * closing row, or a row of a person-year that was at a level before. A person-year that has
     * never left NONE (no warning yet: {@code sequence == 0}) was never listed, and such rows, most
     * of the ledger, would be dropped by {@code CadenceMembership} after a state lookup each.
     */
    private void emitLedger(SideOutputs ctx, PersonYear y, boolean closed) {
        LedgerEntry row = ledger(y, closed);
        ctx.output(LEDGER, row);
        if (closed || y.level != Level.NONE || y.sequence > 0) {
            ctx.output(LEDGER_UPDATES, new LedgerUpdate(row, rowWatermark));
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Warning> out)
            throws Exception {
        key = ctx.getCurrentKey();
        timers = ctx.timerService();
        // Timers registered from here must be later than this one (the watermark may be further
        // on: those between fire in this same advance, in time order).
        watermark = timestamp;
        rowWatermark = timestamp - 1;
        restorePolicies(ctx.getBroadcastState(POLICIES));
        Consumer<PersonYear> ledgerOut = y -> emitLedger(ctx::output, y, false);
        PersonState p = person.value();
        if (p != null) {
            for (RegistryVersion v : p.registry) {
                if (v.effectiveFrom == timestamp) {
                    applyChangeAt(p, timestamp, Trigger.REGISTRY_CHANGE, ledgerOut, out);
                }
            }
            for (Policy next : policies.changes()) {
                if (next.effectiveFrom() == timestamp) {
                    applyPolicy(p, next, ledgerOut, out);
                }
            }
            leaveRollingWindow(p, timestamp, ledgerOut, out);
            for (PersonYear y : p.years.clone()) {
                if (yearClosesAt(y.year) <= timestamp) {
                    emitLedger(ctx::output, y, true);
                    p.removeYear(y.year);
                } else {
                    // In case a later policy moved the bound: the year still closes by a timer.
                    timers.registerEventTimeTimer(yearClosesAt(y.year));
                }
            }
            int keepFrom = ChinaTime.monthOf(timestamp) - 11;
            boolean rolling = policies.anyRolling();
            p.retainMonths(
                    m -> p.year(ChinaTime.yearOfMonth(m)) != null || (rolling && m >= keepFrom));
            if (p.isEmpty()) {
                person.clear();
            } else {
                person.update(p);
            }
        }
        boolean kept = false;
        for (Iterator<Map.Entry<String, SettlementEntry>> it = settlements.iterator();
                it.hasNext(); ) {
            SettlementEntry entry = it.next().getValue();
            if (yearClosesAt(entry.year) > timestamp) {
                kept = true;
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
                                + ChinaTime.format(yearClosesAt(entry.year)));
            }
            it.remove();
        }
        if (!kept && !emptiedSettlementsVanish) {
            // Removing through the iterator leaves an empty map behind on the heap state backend;
            // clear() drops the person's entry itself.
            settlements.clear();
        }
    }

    /**
     * Sets category, identity and region from the registry version in effect at the year's {@code
     * asOf}, measures the total under the policy in effect then, and emits a warning when the level
     * changes.
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
        long asOf = Math.min(y.asOf, ChinaTime.startOfYear(y.year + 1) - 1);
        Policy policy = policies.at(asOf);
        long total = measure(p, y, policy);
        boolean measured = total != y.totalCents || !policy.version().equals(y.policyVersion);
        y.totalCents = total;
        y.policyVersion = policy.version();
        RegistryVersion r = p.registryAt(asOf);
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
            return changed || measured;
        }
        Level from = y.level;
        y.level = level;
        y.sequence++;
        markFirstReached(policy, y, level, eventTime);
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
    private static void markFirstReached(Policy policy, PersonYear y, Level level, long time) {
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
        l.setPolicyVersion(y.policyVersion);
        l.setRegistryMissing(y.registryMissing);
        l.setClosed(closed);
        l.setPsnNameMasked(y.psnNameMasked);
        l.setCertnoMasked(y.certnoMasked);
        if (y.revision > 0
                || y.level != Level.NONE
                || y.totalCents >= policies.at(y.asOf).ledgerFloorCents()) {
            // in the 台账 from here on: revision counts its rows (the search document's version)
            y.revision++;
        }
        l.setRevision(y.revision);
        return l;
    }

    private static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    private static SettlementEntry entry(
            int year, SettlementEntry.Status status, MonitoringEvent e) {
        SettlementEntry s = new SettlementEntry();
        s.year = year;
        s.month = ChinaTime.monthOf(e.eventTime);
        s.status = status;
        s.psnPartCents = e.psnPartCents;
        s.fulamtOwnpayCents = e.fulamtOwnpayCents;
        s.fingerprint = e.fingerprint;
        return s;
    }

    private void reject(
            ReadOnlyContext ctx, MonitoringEvent e, DeadLetterReason reason, String detail) {
        ctx.output(DeadLetters.TAG, DeadLetters.of(e, reason, detail));
        deadLetters.count(reason);
    }
}

package org.medwarn.triage;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.medwarn.avro.DeadLetter;
import org.medwarn.avro.LedgerEntry;
import org.medwarn.avro.Level;
import org.medwarn.avro.TriageAction;
import org.medwarn.avro.Warning;
import org.medwarn.ingest.DeadLetterReason;
import org.medwarn.ingest.DeadLetters;
import org.medwarn.ingest.RejectedInputException;
import org.medwarn.policy.Policy;
import org.medwarn.sink.search.SearchDocument;
import org.medwarn.sink.search.SearchDocuments;
import org.medwarn.state.InLedger;

/**
 * Triage (处置, closed-loop management, DOMAIN.md §3), keyed by {@code psn_no}: the single writer of
 * {@code medwarn-warnings} and of the ledger documents. Input 1 is the self-pay monitor's output
 * (warnings and ledger rows, without a shuffle), input 2 the officers' actions from the {@code
 * triage} topic, which carry no event time of their own. Output: search documents; rejected actions
 * go to {@link DeadLetters#TAG}.
 *
 * <ul>
 *   <li><b>Warning</b>: a new case, status NEW, written as a whole document (version 1). A warning
 *       up gets deadlines from the policy's {@link ServiceLevels} of its level, counted in event
 *       time from its {@code event_time}: {@code ack_due}, {@code visit_due}. A warning down has
 *       none. <b>Escalation</b>: a warning up to a level above that of earlier warnings up of the
 *       year that are not superseded yet (open or closed) marks each of them {@code superseded_by}
 *       this one (their documents are written again; their deadlines stop) and shows {@code
 *       escalated_from} (the latest of them); it is NEW with its own deadlines. See {@link
 *       TriageRules} for what an action on a superseded case does (it reopens it).
 *   <li><b>Action</b>: applied by {@link TriageRules} at the job's event time, i.e. the watermark
 *       of the settlements (never before the warning's own event time): so deadlines and actions
 *       are compared on one clock, in a live run (event time ≈ wall time) and in {@code ./medwarn
 *       local} (a simulated year in minutes: officers then act days of event time late). An {@code
 *       action_id} already in a case's trail is ignored (counter {@code
 *       medwarn.triageDuplicatesIgnored}); an unknown {@code warning_id} → TRIAGE_UNKNOWN_WARNING;
 *       a broken rule → TRIAGE_INVALID; both name the field and value.
 *   <li><b>Overdue</b>: event-time timers at the deadlines set {@code ack_overdue} / {@code
 *       visit_overdue} when the deadline passes without the action (they stay true); {@code
 *       overdue} is true while such a deadline is still unmet on an open case. A new warning of the
 *       person at event time T first applies the deadlines at or before T that its timers have not
 *       fired yet: in a live job the watermark trails the records by a periodic interval, so
 *       whether an escalation or its predecessor's deadline came first would otherwise depend on
 *       how fast the records were read (a restart re-reading a backlog gave other documents than a
 *       run without one: found by {@code FailureRecoveryIT}).
 *   <li><b>Ledger</b>: the ledger document of a person-year carries {@code triage_status} of the
 *       year's latest warning; it is written again (version + 1) when that status changes. Rows
 *       below the ledger floor ({@link InLedger}) have no document.
 *   <li><b>Lifetime</b>: one {@link PersonTriage} value per person with a warning or a level. When
 *       a year closes (the base policy's {@link Policy#yearClosesAt}, the monitor's year end) its
 *       cases that need no more action (closed, superseded, levels down) and then its slot are
 *       dropped; an open case stays until it is closed. Deadline timers are deleted when no case
 *       waits for them.
 * </ul>
 *
 * Every write of a case is the whole document with a version that increases with every write
 * (external versioning in the search sink), so a restored job's writes replace those of the failed
 * run.
 */
public class WarningTriage
        extends KeyedCoProcessFunction<String, MonitorOutput, TriageCommand, SearchDocument> {
    private static final long serialVersionUID = 1L;

    /** The triage state of a person. */
    public static final ValueStateDescriptor<PersonTriage> STATE =
            new ValueStateDescriptor<>("triage", TypeInformation.of(PersonTriage.class));

    private final Policy policy;
    private final TriageDocuments documents;

    private transient ValueState<PersonTriage> state;
    private transient DeadLetters deadLetters;
    private transient Counter duplicates;

    /**
     * @param policy the policy whose service levels and year ends apply (the job's base policy,
     *     like the cadences)
     */
    public WarningTriage(Policy policy, SearchDocuments documents) {
        this.policy = policy;
        this.documents = new TriageDocuments(documents);
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(STATE);
        deadLetters = new DeadLetters(getRuntimeContext().getMetricGroup());
        duplicates =
                getRuntimeContext()
                        .getMetricGroup()
                        .addGroup("medwarn")
                        .counter("triageDuplicatesIgnored");
    }

    @Override
    public void processElement1(MonitorOutput o, Context ctx, Collector<SearchDocument> out)
            throws Exception {
        if (o.warning != null) {
            warning(o.warning, ctx.timerService(), out);
        } else {
            ledger(o.ledger, ctx.timerService(), out);
        }
    }

    private void warning(Warning w, TimerService timers, Collector<SearchDocument> out)
            throws Exception {
        PersonTriage s = orNew(state.value());
        String id = SearchDocuments.warningId(w);
        if (s.find(id) != null) {
            return;
        }
        WarningCase c = new WarningCase();
        c.warning = Warning.newBuilder(w).build(); // a copy: inputs may be reused objects
        c.warningId = id;
        c.statusTime = w.getEventTime().toEpochMilli();
        // deadlines of earlier cases that passed in event time before this warning take effect
        // first, whether or not the watermark has reached them yet (see the class comment)
        passDeadlines(s, c.statusTime, out);
        List<WarningCase> changed = new ArrayList<>();
        if (c.up()) {
            ServiceLevels.Deadlines d = policy.serviceLevels().of(c.level());
            c.ackDue = c.statusTime + d.acknowledge().toMillis();
            c.visitDue = c.statusTime + d.visit().toMillis();
            timers.registerEventTimeTimer(c.ackDue);
            timers.registerEventTimeTimer(c.visitDue);
            WarningCase from = null;
            for (WarningCase e : s.cases) {
                if (supersededBy(e, c)) {
                    e.supersededBy = id;
                    changed.add(e);
                    if (from == null || e.warning.getSequence() > from.warning.getSequence()) {
                        from = e;
                    }
                }
            }
            c.escalatedFrom = from == null ? null : from.warningId;
        }
        s.add(c);
        YearSlot y = s.openYear(c.year());
        if (w.getSequence() >= y.latestSequence) {
            y.latestSequence = w.getSequence();
            y.latestStatus = c.status;
        }
        timers.registerEventTimeTimer(policy.yearClosesAt(c.year()));
        emit(c, out);
        for (WarningCase e : changed) {
            releaseTimers(s, e, timers);
            emit(e, out);
        }
        if (y.entry != null) {
            y.bump++;
            out.collect(documents.ledger(y.entry, y));
        }
        state.update(s);
    }

    /** {@code later} raises the level above {@code earlier}'s, which is not superseded yet. */
    private static boolean supersededBy(WarningCase earlier, WarningCase later) {
        return earlier.year() == later.year()
                && earlier.up()
                && earlier.supersededBy == null
                && earlier.warning.getSequence() < later.warning.getSequence()
                && earlier.level().ordinal() < later.level().ordinal();
    }

    private void ledger(LedgerEntry l, TimerService timers, Collector<SearchDocument> out)
            throws Exception {
        if (!InLedger.test(l)) {
            return; // below the ledger floor: no ledger document (and never at a level yet)
        }
        PersonTriage s = state.value();
        YearSlot y = s == null ? null : s.year(l.getYear());
        if (y == null && l.getLevel() == Level.NONE) {
            out.collect(documents.ledger(l, null));
            return;
        }
        s = orNew(s);
        y = s.openYear(l.getYear());
        y.entry = LedgerEntry.newBuilder(l).build(); // a copy: inputs may be reused objects
        timers.registerEventTimeTimer(policy.yearClosesAt(l.getYear()));
        out.collect(documents.ledger(l, y));
        state.update(s);
    }

    @Override
    public void processElement2(TriageCommand cmd, Context ctx, Collector<SearchDocument> out)
            throws Exception {
        TriageAction a = cmd.action;
        PersonTriage s = state.value();
        try {
            String id = TriageRules.warningId(a);
            if (s != null && s.appliedBy(a.getActionId()) != null) {
                duplicates.inc();
                return;
            }
            WarningCase c = s == null ? null : s.find(id);
            if (c == null) {
                throw new RejectedInputException(
                        DeadLetterReason.TRIAGE_UNKNOWN_WARNING,
                        "warning_id: '"
                                + id
                                + "' is not a warning the job knows (never emitted, or its year"
                                + " has closed and its case was done)");
            }
            long watermark = ctx.timerService().currentWatermark();
            long applied = Math.max(watermark, c.warning.getEventTime().toEpochMilli());
            TriageRules.apply(c, a, applied);
            releaseTimers(s, c, ctx.timerService());
            emit(c, out);
            YearSlot y = s.year(c.year());
            if (y != null && y.latestSequence == c.warning.getSequence()) {
                y.latestStatus = c.status;
                if (y.entry != null) {
                    y.bump++;
                    out.collect(documents.ledger(y.entry, y));
                }
            }
            if (policy.yearClosesAt(c.year()) <= watermark) {
                s.closeYear(c.year());
            }
            save(s);
        } catch (RejectedInputException e) {
            DeadLetter d = DeadLetters.of(cmd.raw, e.reason(), e.getMessage());
            d.setPsnNo(a.getPsnNo());
            ctx.output(DeadLetters.TAG, d);
            deadLetters.count(e.reason());
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SearchDocument> out)
            throws Exception {
        PersonTriage s = state.value();
        if (s == null) {
            return;
        }
        markOverdue(s, timestamp, out);
        for (YearSlot y : s.years.clone()) {
            if (policy.yearClosesAt(y.year) <= timestamp) {
                s.closeYear(y.year);
            }
        }
        save(s);
    }

    /** Sets the overdue flags of the deadlines at or before {@code time} (one write per case). */
    private void markOverdue(PersonTriage s, long time, Collector<SearchDocument> out) {
        for (WarningCase c : s.cases) {
            boolean changed = false;
            if (c.ackPending() && c.ackDue <= time) {
                c.ackOverdue = true;
                changed = true;
            }
            if (c.visitPending() && c.visitDue <= time) {
                c.visitOverdue = true;
                changed = true;
            }
            if (changed) {
                emit(c, out);
            }
        }
    }

    /**
     * Applies the unmet deadlines at or before {@code time} in their order, as their timers would
     * have fired: one {@link #markOverdue} per deadline instant, so the documents and their
     * versions are those of a run whose watermark had passed them.
     */
    private void passDeadlines(PersonTriage s, long time, Collector<SearchDocument> out) {
        TreeSet<Long> due = new TreeSet<>();
        for (WarningCase c : s.cases) {
            if (c.ackPending() && c.ackDue <= time) {
                due.add(c.ackDue);
            }
            if (c.visitPending() && c.visitDue <= time) {
                due.add(c.visitDue);
            }
        }
        for (long t : due) {
            markOverdue(s, t, out);
        }
    }

    private void save(PersonTriage s) throws Exception {
        if (s.isEmpty()) {
            state.clear();
        } else {
            state.update(s);
        }
    }

    /** Deletes the deadline timers of {@code c} that no case of the person waits for any more. */
    private void releaseTimers(PersonTriage s, WarningCase c, TimerService timers) {
        for (long t : new long[] {c.ackDue, c.visitDue}) {
            if (t != WarningCase.NONE && !waitedFor(s, t)) {
                timers.deleteEventTimeTimer(t);
            }
        }
    }

    private boolean waitedFor(PersonTriage s, long t) {
        for (YearSlot y : s.years) {
            if (policy.yearClosesAt(y.year) == t) {
                return true;
            }
        }
        for (WarningCase e : s.cases) {
            if ((e.ackPending() && e.ackDue == t) || (e.visitPending() && e.visitDue == t)) {
                return true;
            }
        }
        return false;
    }

    private void emit(WarningCase c, Collector<SearchDocument> out) {
        c.revision++;
        out.collect(documents.warning(c));
    }

    private static PersonTriage orNew(PersonTriage s) {
        return s == null ? new PersonTriage() : s;
    }
}

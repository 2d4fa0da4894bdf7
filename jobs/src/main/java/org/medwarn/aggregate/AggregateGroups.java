package org.medwarn.aggregate;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.medwarn.policy.Policy;
import org.medwarn.sink.search.SearchDocument;
import org.medwarn.sink.search.SearchDocuments;
import org.medwarn.time.ChinaTime;

/**
 * Keeps each aggregates group (region × category × level × year; keyed by {@link
 * AggregateDelta#groupKey()}) current: applies deltas to (persons, self-pay) and emits the absolute
 * {@code current} document, versioned by the group's revision (deltas applied), so the search
 * engine keeps the newest whatever the order of writes. Level NONE groups are included.
 *
 * <p>Coalesced: the current document is not emitted per delta (a county's groups get thousands of
 * deltas a second at a year in ten minutes) but by a processing-time timer at most {@code
 * flushIntervalMs} after the first delta since the last emission ({@link GroupState#flushAt}), with
 * the numbers of all deltas until then; and before the group's state is removed when its year
 * closes (which, at the end of a bounded input, is when the watermark ends it). The last document
 * of a group is therefore the same as without coalescing (same numbers, revision and {@code
 * as_of}). The pending flag and its timer are keyed state in the checkpoint: a restored job emits
 * what was pending.
 *
 * <p>Daily snapshots for trend charts, of county and township groups ({@link #hasDailySnapshots}):
 * from the day of the group's earliest delta (at the earliest 1 January of its year), at every
 * China-time midnight (event time) until the year closes, a {@code daily} document with the numbers
 * at that moment, dated the day that ended. Village groups have their current document only: a
 * county has hundreds of villages, each with a group per category and level, so their daily history
 * was 95% of the aggregates index, larger than the settlements index, a third of all documents
 * written while {@code medwarn local} caught up, and read by no dashboard. The group's numbers at a
 * midnight include the deltas that reached this operator before the watermark passed it (the
 * monitor emits a row when a settlement arrives, so this is the state "as of" the watermark,
 * bounded by the out-of-orderness).
 *
 * <p>State: {@link #GROUP}, removed when the year closes ({@link Policy#yearClosesAt}), after the
 * last daily snapshot. No delta can arrive for a closed year (the monitor rejects its settlements
 * and has emitted its closing rows, which change nothing), so the group, whatever its count, is
 * final then; its current document stays in the index.
 */
public class AggregateGroups extends KeyedProcessFunction<String, AggregateDelta, SearchDocument> {
    private static final long serialVersionUID = 1L;

    public static final ValueStateDescriptor<GroupState> GROUP =
            new ValueStateDescriptor<>("aggregate-group", TypeInformation.of(GroupState.class));

    /** Default of {@link #AggregateGroups(Policy, SearchDocuments, long)}'s flush interval. */
    public static final long DEFAULT_FLUSH_INTERVAL_MS = 1000;

    private final Policy policy;
    private final SearchDocuments documents;
    private final long flushIntervalMs;
    private transient ValueState<GroupState> state;

    /** Groups whose current document is written at most once a second. */
    public AggregateGroups(Policy policy, SearchDocuments documents) {
        this(policy, documents, DEFAULT_FLUSH_INTERVAL_MS);
    }

    /**
     * Groups whose current document is written at most once per {@code flushIntervalMs} of
     * processing time (0: after every delta).
     */
    public AggregateGroups(Policy policy, SearchDocuments documents, long flushIntervalMs) {
        this.policy = policy;
        this.documents = documents;
        this.flushIntervalMs = flushIntervalMs;
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(GROUP);
    }

    @Override
    public void processElement(AggregateDelta d, Context ctx, Collector<SearchDocument> out)
            throws Exception {
        GroupState g = state.value();
        long time = ctx.timestamp() == null ? 0 : ctx.timestamp();
        if (g == null) {
            g = new GroupState();
            g.group = d;
            ctx.timerService().registerEventTimeTimer(policy.yearClosesAt(d.year));
        }
        g.persons += d.persons;
        g.selfPayCents += d.selfPayCents;
        g.revision++;
        g.asOf = Math.max(g.asOf, time);
        // never before the group's year: a ledger row may carry an earlier time (a registry
        // record's effective_from), and snapshots from then on would be days of empty history
        long from = Math.max(time, ChinaTime.startOfYear(d.year));
        long first = Math.min(ChinaTime.nextMidnight(from), policy.yearClosesAt(d.year));
        // The history starts at the earliest delta's day, not the first to arrive: a group gets
        // deltas from every monitor subtask, in an order that differs from run to run. Moved
        // earlier only while the watermark has not reached it, hence before any daily snapshot.
        if (hasDailySnapshots(d)
                && (g.nextSnapshot == 0
                        || (first < g.nextSnapshot
                                && ctx.timerService().currentWatermark() < first))) {
            g.nextSnapshot = first;
            ctx.timerService().registerEventTimeTimer(g.nextSnapshot);
        }
        if (flushIntervalMs == 0) {
            out.collect(document(g, null));
        } else if (g.flushAt == 0) {
            g.flushAt = ctx.timerService().currentProcessingTime() + flushIntervalMs;
            ctx.timerService().registerProcessingTimeTimer(g.flushAt);
        }
        state.update(g);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SearchDocument> out)
            throws Exception {
        GroupState g = state.value();
        if (g == null) {
            return;
        }
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            if (timestamp == g.flushAt) {
                flush(g, out);
                state.update(g);
            }
            return;
        }
        long closesAt = policy.yearClosesAt(g.group.year);
        if (timestamp == g.nextSnapshot) {
            out.collect(document(g, ChinaTime.formatDate(timestamp - 1)));
            g.nextSnapshot = 0;
            // (a village group restored from an earlier version stops here)
            if (timestamp < closesAt && hasDailySnapshots(g.group)) {
                g.nextSnapshot = Math.min(ChinaTime.nextMidnight(timestamp), closesAt);
                ctx.timerService().registerEventTimeTimer(g.nextSnapshot);
            }
        }
        if (timestamp >= closesAt) {
            if (g.flushAt != 0) {
                ctx.timerService().deleteProcessingTimeTimer(g.flushAt);
                flush(g, out);
            }
            state.clear();
        } else {
            state.update(g);
        }
    }

    /** Whether the group of {@code d} writes daily snapshots: county and township groups. */
    static boolean hasDailySnapshots(AggregateDelta d) {
        return !"village".equals(d.regionLevel);
    }

    /** Writes the pending current document. */
    private void flush(GroupState g, Collector<SearchDocument> out) {
        out.collect(document(g, null));
        g.flushAt = 0;
    }

    private SearchDocument document(GroupState g, String snapshotDate) {
        AggregateDelta k = g.group;
        return documents.aggregate(
                snapshotDate == null ? "current" : "daily",
                k.regionLevel,
                k.regionCode,
                k.countyCode,
                k.townshipCode,
                k.villageCode,
                k.category,
                k.level,
                k.year,
                g.persons,
                g.selfPayCents,
                snapshotDate == null ? g.asOf : ChinaTime.parse(snapshotDate) + 86_399_000L,
                g.revision,
                snapshotDate);
    }
}

package org.medwarn.aggregate;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.medwarn.policy.Policy;
import org.medwarn.sink.search.SearchDocument;
import org.medwarn.sink.search.SearchDocuments;
import org.medwarn.time.ChinaTime;

/**
 * Keeps each aggregates group (region × category × level × year; keyed by {@link
 * AggregateDelta#groupKey()}) current: applies deltas to (persons, self-pay) and emits the absolute
 * {@code current} document after each, versioned by the group's revision, so the search engine
 * keeps the newest whatever the order of writes. Level NONE groups are included.
 *
 * <p>Daily snapshots for trend charts: from the day of the group's first delta, at every China-time
 * midnight (event time) until the year closes, a {@code daily} document with the numbers at that
 * moment, dated the day that ended. The group's numbers at a midnight include the deltas that
 * reached this operator before the watermark passed it (the monitor emits a row when a settlement
 * arrives, so this is the state "as of" the watermark, bounded by the out-of-orderness).
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

    private final Policy policy;
    private final SearchDocuments documents;
    private transient ValueState<GroupState> state;

    public AggregateGroups(Policy policy, SearchDocuments documents) {
        this.policy = policy;
        this.documents = documents;
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
        if (g.nextSnapshot == 0) {
            g.nextSnapshot = Math.min(ChinaTime.nextMidnight(time), policy.yearClosesAt(d.year));
            ctx.timerService().registerEventTimeTimer(g.nextSnapshot);
        }
        state.update(g);
        out.collect(document(g, null));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SearchDocument> out)
            throws Exception {
        GroupState g = state.value();
        if (g == null) {
            return;
        }
        long closesAt = policy.yearClosesAt(g.group.year);
        if (timestamp == g.nextSnapshot) {
            out.collect(document(g, ChinaTime.formatDate(timestamp - 1)));
            g.nextSnapshot = 0;
            if (timestamp < closesAt) {
                g.nextSnapshot = Math.min(ChinaTime.nextMidnight(timestamp), closesAt);
                ctx.timerService().registerEventTimeTimer(g.nextSnapshot);
            }
        }
        if (timestamp >= closesAt) {
            state.clear();
        } else {
            state.update(g);
        }
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

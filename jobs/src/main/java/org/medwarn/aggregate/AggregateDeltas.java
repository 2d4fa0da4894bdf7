package org.medwarn.aggregate;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.medwarn.avro.LedgerEntry;

/**
 * Turns ledger rows into aggregate deltas. Keyed by {@code psn_no} (the ledger side output of the
 * monitor, reinterpreted as keyed: no shuffle). Remembers each open person-year's last {@link
 * Contribution}; when a ledger row changes it (level, category or region), emits the old one
 * negated and the new one, for each region level the person has (county, township, village; a
 * person without a registry entry has only the county); when only the self-pay changes, the person
 * stays in the same groups and one delta per group carries the difference (persons 0), half the
 * documents downstream. Rows that change nothing else (e.g. only the settlement count) emit
 * nothing.
 *
 * <p>State: {@link #LAST} per person and year, removed when the row is {@code closed} (no later row
 * can come for a closed year). The person stays counted in the year's groups.
 */
public class AggregateDeltas extends KeyedProcessFunction<String, LedgerEntry, AggregateDelta> {
    private static final long serialVersionUID = 1L;

    /** The last contribution of each open year of the person. */
    public static final MapStateDescriptor<Integer, Contribution> LAST =
            new MapStateDescriptor<>(
                    "last-contribution", Types.INT, TypeInformation.of(Contribution.class));

    private transient MapState<Integer, Contribution> last;

    @Override
    public void open(OpenContext openContext) {
        last = getRuntimeContext().getMapState(LAST);
    }

    @Override
    public void processElement(LedgerEntry l, Context ctx, Collector<AggregateDelta> out)
            throws Exception {
        Contribution before = last.get(l.getYear());
        Contribution now = Contribution.of(l);
        if (!now.equals(before)) {
            if (before != null && now.sameGroups(before)) {
                emit(now, l.getYear(), 0, now.selfPayCents - before.selfPayCents, out);
            } else {
                if (before != null) {
                    emit(before, l.getYear(), -1, -before.selfPayCents, out);
                }
                emit(now, l.getYear(), +1, now.selfPayCents, out);
            }
        }
        if (l.getClosed()) {
            last.remove(l.getYear());
            if (last.isEmpty()) {
                last.clear();
            }
        } else if (!now.equals(before)) {
            last.put(l.getYear(), now);
        }
    }

    /** Adds {@code persons} and {@code cents} to each of the groups of {@code c}. */
    private static void emit(
            Contribution c, int year, int persons, long cents, Collector<AggregateDelta> out) {
        out.collect(delta(c, year, persons, cents, "county", c.countyCode));
        if (c.townshipCode != null) {
            out.collect(delta(c, year, persons, cents, "township", c.townshipCode));
        }
        if (c.villageCode != null) {
            out.collect(delta(c, year, persons, cents, "village", c.villageCode));
        }
    }

    private static AggregateDelta delta(
            Contribution c,
            int year,
            int persons,
            long cents,
            String regionLevel,
            String regionCode) {
        AggregateDelta d = new AggregateDelta();
        d.regionLevel = regionLevel;
        d.regionCode = regionCode;
        d.countyCode = c.countyCode;
        d.townshipCode = "county".equals(regionLevel) ? null : c.townshipCode;
        d.villageCode = "village".equals(regionLevel) ? c.villageCode : null;
        d.category = c.category;
        d.level = c.level;
        d.year = year;
        d.persons = persons;
        d.selfPayCents = cents;
        return d;
    }
}

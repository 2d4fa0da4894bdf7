package org.medwarn.report;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.medwarn.avro.LedgerEntry;
import org.medwarn.state.LedgerUpdate;

/**
 * Turns the ledger (台账) updates of each person into {@link CadenceChange}s for the county cadences:
 * a person-year enters when it reaches a level, changes while it stays at one, and leaves when it
 * falls to NONE, its year closes, or it moves to another county (a removal to the old county). Rows
 * of persons at NONE who were never listed are dropped here, so downstream sees only the few
 * persons at a level.
 *
 * <p>Keyed by {@code psn_no} and fed <b>forward</b> from {@code SelfPayMonitor} (its {@link
 * org.medwarn.state.SelfPayMonitor#LEDGER_UPDATES} reinterpreted as keyed), so nothing downstream
 * has passed the event time a row carries ({@link LedgerUpdate#watermark}, the same in every
 * replay). It stamps each change with its <b>effective time</b>: the row's event time, or just
 * after that watermark when the row came late, and never before the previous change of the same
 * person-year (ledger rows are cumulative: the later row must win). Downstream applies changes in
 * effective-time order, so what a screening at instant T lists is decided by the data alone.
 *
 * <p>State: {@link #MARKS}, one entry per person-year that was ever listed, removed when the year's
 * closing row passes.
 */
public class CadenceMembership extends KeyedProcessFunction<String, LedgerUpdate, CadenceChange> {
    private static final long serialVersionUID = 1L;

    /** Per year: the county listing the person-year and the last effective time. */
    public static final MapStateDescriptor<Integer, MembershipMark> MARKS =
            new MapStateDescriptor<>(
                    "cadence-marks", Types.INT, TypeInformation.of(MembershipMark.class));

    private transient MapState<Integer, MembershipMark> marks;

    @Override
    public void open(OpenContext openContext) {
        marks = getRuntimeContext().getMapState(MARKS);
    }

    @Override
    public void processElement(LedgerUpdate update, Context ctx, Collector<CadenceChange> out)
            throws Exception {
        LedgerEntry row = update.row;
        CadenceMember member = CadenceMember.of(row);
        MembershipMark mark = marks.get(row.getYear());
        if (member == null && (mark == null || mark.county == null)) {
            // Not listed before nor now: nothing to tell.
            if (mark != null && row.getClosed()) {
                marks.remove(row.getYear());
            }
            return;
        }
        long eventTime = ctx.timestamp();
        long watermark = update.watermark;
        long effective =
                watermark == Long.MIN_VALUE ? eventTime : Math.max(eventTime, watermark + 1);
        if (mark == null) {
            mark = new MembershipMark();
        } else {
            effective = Math.max(effective, mark.lastEffectiveTime);
        }
        String key = CadenceMember.key(row.getPsnNo(), row.getYear());
        String county = member == null ? null : member.countyCode;
        if (mark.county != null && !mark.county.equals(county)) {
            out.collect(CadenceChange.of(mark.county, key, eventTime, effective, null));
        }
        if (member != null) {
            member.lastEventTime = eventTime;
            out.collect(CadenceChange.of(county, key, eventTime, effective, member));
        }
        if (row.getClosed()) {
            marks.remove(row.getYear());
        } else {
            mark.county = county;
            mark.lastEffectiveTime = effective;
            marks.put(row.getYear(), mark);
        }
    }
}

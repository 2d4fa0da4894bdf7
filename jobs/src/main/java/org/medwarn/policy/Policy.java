package org.medwarn.policy;

import java.io.Serializable;
import java.time.MonthDay;
import java.util.EnumMap;
import java.util.Map;
import org.medwarn.avro.Category;
import org.medwarn.avro.Level;
import org.medwarn.cadence.CadencePolicy;
import org.medwarn.time.ChinaTime;
import org.medwarn.triage.ServiceLevels;

/**
 * A warning policy (预警政策): thresholds per category, which self-pay counts, and how late a
 * settlement may arrive and still count. Immutable; read from YAML by {@link PolicyLoader}.
 */
public final class Policy implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String version;
    private final long effectiveFrom;
    private final EnumMap<Category, Thresholds> thresholds;
    private final SelfPayMeasure selfPayMeasure;
    private final MonthDay lateSettlementBound;
    private final Measure measure;
    private final CadencePolicy cadences;
    private final ServiceLevels serviceLevels;
    private final long ledgerFloorCents;

    /**
     * A policy as {@link PolicyLoader} reads it (the only place policies are made), with its
     * service levels ({@code service_levels:}, see {@link ServiceLevels}).
     */
    public Policy(
            String version,
            long effectiveFrom,
            Map<Category, Thresholds> thresholds,
            SelfPayMeasure selfPayMeasure,
            MonthDay lateSettlementBound,
            Measure measure,
            CadencePolicy cadences,
            ServiceLevels serviceLevels,
            long ledgerFloorCents) {
        this.serviceLevels = serviceLevels;
        this.ledgerFloorCents = ledgerFloorCents;
        this.measure = measure;
        this.version = version;
        this.effectiveFrom = effectiveFrom;
        this.thresholds = new EnumMap<>(thresholds);
        for (Category c : Category.values()) {
            if (!this.thresholds.containsKey(c)) {
                throw new IllegalArgumentException("thresholds for category " + c + " are missing");
            }
        }
        this.selfPayMeasure = selfPayMeasure;
        this.lateSettlementBound = lateSettlementBound;
        this.cadences = cadences;
    }

    public String version() {
        return version;
    }

    /** Epoch milliseconds from which this policy applies. */
    public long effectiveFrom() {
        return effectiveFrom;
    }

    public Thresholds thresholds(Category category) {
        return thresholds.get(category);
    }

    public Level levelFor(Category category, long totalCents) {
        return thresholds.get(category).levelFor(totalCents);
    }

    public SelfPayMeasure selfPayMeasure() {
        return selfPayMeasure;
    }

    /** Calendar year or rolling 12 months. */
    public Measure measure() {
        return measure;
    }

    /** The last day of the following year on which a settlement of a year still counts. */
    public MonthDay lateSettlementBound() {
        return lateSettlementBound;
    }

    /** Screening and feedback cadences ({@code cadences:} in the policy file). */
    public CadencePolicy cadences() {
        return cadences;
    }

    /** Deadlines to acknowledge and visit a warning, per level ({@code service_levels:}). */
    public ServiceLevels serviceLevels() {
        return serviceLevels;
    }

    /**
     * 台账起点: the annual self-pay (cents) from which a person-year is in the dynamic monitoring
     * ledger ({@code ledger_floor:} in 元). DOMAIN.md keeps everyone at or above a level in the
     * ledger; the floor, below the lowest threshold, also keeps the person-years approaching one,
     * for the officers and for tuning thresholds. A person-year stays in the ledger for the rest of
     * its year once it has reached the floor or a level (see {@code SelfPayMonitor}).
     */
    public long ledgerFloorCents() {
        return ledgerFloorCents;
    }

    /**
     * The instant after which settlements of {@code year} no longer count and the year's state is
     * removed: the end of the late-settlement bound day in the following year (default the end of
     * 31 March).
     */
    public long yearClosesAt(int year) {
        return ChinaTime.endOfDay(year + 1, lateSettlementBound);
    }

    @Override
    public String toString() {
        return "Policy " + version + " " + thresholds + " " + selfPayMeasure + " " + measure;
    }
}

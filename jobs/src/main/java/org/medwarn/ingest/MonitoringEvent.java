package org.medwarn.ingest;

import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.medwarn.avro.Category;

/**
 * A validated input of the per-person monitor, keyed by {@code psnNo}: either a settlement (or
 * reversal) reduced to what the rules need, or a registry change. Carries the raw bytes so that a
 * rule that rejects it later (late, conflicting, orphaned reversal) dead-letters it intact.
 *
 * <p>A flat Flink POJO so it serializes without Kryo.
 */
@TypeInfo(MonitoringEventSerializer.Factory.class)
public class MonitoringEvent {
    public Type type;
    public String psnNo;

    /**
     * Epoch millis: {@code setl_time} of a settlement, {@code effective_from} of a registry change.
     */
    public long eventTime;

    // --- settlement ---
    public String setlId;

    /** For a reversal (退费结算): the {@code setl_id} it cancels; null for a normal settlement. */
    public String initSetlId;

    /** {@code psn_part_amt}, cents. */
    public long psnPartCents;

    /** {@code fulamt_ownpay_amt}, cents (0 when absent). */
    public long fulamtOwnpayCents;

    /** {@code insu_admdvs}: the county used when the registry has no entry. */
    public String insuAdmdvs;

    /** Hash of the counted content: the same setl_id with another fingerprint is a conflict. */
    public long fingerprint;

    // --- registry change ---
    public Category category;
    public String identity;

    /** 12-digit village code. */
    public String admdvs;

    /** Name masked at ingestion ({@link PersonalDataMask#name}); the full name is never kept. */
    public String psnNameMasked;

    /** ID number masked at ingestion ({@link PersonalDataMask#certno}). */
    public String certnoMasked;

    /**
     * The watermark of the input this event came from, just before the event (set by {@link
     * InputWatermarks}); {@code Long.MIN_VALUE} when unknown. Decisions that depend on how far
     * event time has come (late, already in effect) take the larger of this and the monitor's own
     * watermark, so that they depend on the input's order alone and not on how several readers'
     * records interleave at the monitor.
     */
    public long inputWatermark = Long.MIN_VALUE;

    // --- provenance ---
    public String source;
    public int partition;
    public long offset;
    public byte[] raw;

    public MonitoringEvent() {}

    public boolean isReversal() {
        return initSetlId != null;
    }

    /** The kinds of monitoring event. */
    public enum Type {
        SETTLEMENT,
        REGISTRY
    }
}

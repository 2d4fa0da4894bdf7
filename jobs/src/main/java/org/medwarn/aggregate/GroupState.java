package org.medwarn.aggregate;

/** The current numbers of one aggregates group and the revision of its current document. */
public class GroupState {
    /** The group's identity, from its first delta. */
    public AggregateDelta group;

    public long persons;
    public long selfPayCents;

    /** Deltas applied so far: the current document's external version. */
    public long revision;

    /** Event time of the latest delta. */
    public long asOf;

    /** The pending daily-snapshot timer (a China-time midnight), or 0. */
    public long nextSnapshot;

    /**
     * The processing-time timer that emits the current document, or 0 when it has been emitted
     * since the last delta.
     */
    public long flushAt;

    public GroupState() {}
}

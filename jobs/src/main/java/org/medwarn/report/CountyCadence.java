package org.medwarn.report;

/**
 * The cadence clocks of one county: for each category (by ordinal) the last and next screening
 * instant, for each level (by ordinal) the last and next feedback instant (0: none yet, or
 * immediate), and the townships seen so far, each of which gets a feedback at every instant (a zero
 * report when nobody is at the level). A Flink POJO.
 */
public class CountyCadence {
    public long[] lastScreening;
    public long[] nextScreening;
    public long[] lastFeedback;
    public long[] nextFeedback;

    /** Townships seen, sorted; "" stands for persons without a registry entry. */
    public String[] townships = new String[0];

    public CountyCadence() {}
}

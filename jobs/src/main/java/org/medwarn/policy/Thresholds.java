package org.medwarn.policy;

import java.io.Serializable;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.medwarn.avro.Level;

/**
 * The warning thresholds of one category: for each level it has, the annual self-pay (cents) at
 * which that level is reached. A level is reached when the total is {@code >=} its threshold
 * (DOMAIN.md §5). A category may omit levels (ordinary insured have no blue level); thresholds of
 * the levels present increase with the level.
 */
public final class Thresholds implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Level[] HIGHEST_FIRST = {Level.RED, Level.YELLOW, Level.BLUE};

    private final EnumMap<Level, Long> centsByLevel;

    /**
     * @throws IllegalArgumentException when NONE has a threshold, a threshold is not positive, or
     *     thresholds do not increase with the level
     */
    public Thresholds(Map<Level, Long> centsByLevel) {
        this.centsByLevel = new EnumMap<>(Level.class);
        this.centsByLevel.putAll(centsByLevel);
        if (this.centsByLevel.containsKey(Level.NONE)) {
            throw new IllegalArgumentException("NONE cannot have a threshold");
        }
        long previous = 0;
        Level previousLevel = null;
        for (Map.Entry<Level, Long> e : this.centsByLevel.entrySet()) {
            if (e.getValue() <= 0) {
                throw new IllegalArgumentException(
                        e.getKey()
                                + " threshold "
                                + Money.format(e.getValue())
                                + " is not positive");
            }
            if (previousLevel != null && e.getValue() <= previous) {
                throw new IllegalArgumentException(
                        e.getKey()
                                + " threshold "
                                + Money.format(e.getValue())
                                + " is not above "
                                + previousLevel
                                + " threshold "
                                + Money.format(previous));
            }
            previous = e.getValue();
            previousLevel = e.getKey();
        }
    }

    /** The highest level whose threshold {@code <=} the total; NONE when none is reached. */
    public Level levelFor(long totalCents) {
        for (Level level : HIGHEST_FIRST) {
            Long threshold = centsByLevel.get(level);
            if (threshold != null && totalCents >= threshold) {
                return level;
            }
        }
        return Level.NONE;
    }

    /** The threshold of {@code level} in cents, or {@code null} when this category lacks it. */
    public Long thresholdOf(Level level) {
        return centsByLevel.get(level);
    }

    /** The lowest threshold, or {@code null} when the category has no level at all. */
    public Long lowest() {
        return centsByLevel.isEmpty() ? null : centsByLevel.values().iterator().next();
    }

    public Map<Level, Long> asMap() {
        return Collections.unmodifiableMap(centsByLevel);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Thresholds t && t.centsByLevel.equals(centsByLevel);
    }

    @Override
    public int hashCode() {
        return centsByLevel.hashCode();
    }

    @Override
    public String toString() {
        return centsByLevel.toString();
    }
}

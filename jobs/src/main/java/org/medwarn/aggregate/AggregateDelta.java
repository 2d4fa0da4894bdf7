package org.medwarn.aggregate;

import org.medwarn.avro.Category;
import org.medwarn.avro.Level;

/**
 * A change of one aggregates group (region × category × level × year): persons and self-pay to add
 * (negative when a person leaves the group). A flat Flink POJO.
 */
public class AggregateDelta {
    /** {@code county}, {@code township} or {@code village}. */
    public String regionLevel;

    public String regionCode;
    public String countyCode;
    public String townshipCode;
    public String villageCode;
    public Category category;
    public Level level;
    public int year;
    public int persons;
    public long selfPayCents;

    public AggregateDelta() {}

    /** The key of the group this delta belongs to. */
    public String groupKey() {
        return regionLevel + "-" + regionCode + "-" + category + "-" + level + "-" + year;
    }
}

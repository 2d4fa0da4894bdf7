package org.medwarn.aggregate;

import java.util.Objects;
import org.medwarn.avro.Category;
import org.medwarn.avro.LedgerEntry;
import org.medwarn.avro.Level;
import org.medwarn.policy.Money;

/** What one person-year adds to the aggregates: one person and its self-pay, in its groups. */
public class Contribution {
    public Category category;
    public Level level;
    public String countyCode;
    public String townshipCode;
    public String villageCode;
    public long selfPayCents;

    public Contribution() {}

    static Contribution of(LedgerEntry l) {
        Contribution c = new Contribution();
        c.category = l.getCategory();
        c.level = l.getLevel();
        c.countyCode = l.getCountyCode();
        c.townshipCode = l.getTownshipCode();
        c.villageCode = l.getVillageCode();
        c.selfPayCents = Money.toCents(l.getAnnualSelfPay());
        return c;
    }

    /**
     * Whether {@code o} counts in the same groups (category, level, regions), whatever its
     * self-pay.
     */
    boolean sameGroups(Contribution o) {
        return category == o.category
                && level == o.level
                && Objects.equals(countyCode, o.countyCode)
                && Objects.equals(townshipCode, o.townshipCode)
                && Objects.equals(villageCode, o.villageCode);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Contribution c && sameGroups(c) && selfPayCents == c.selfPayCents;
    }

    @Override
    public int hashCode() {
        return Objects.hash(category, level, countyCode, townshipCode, villageCode, selfPayCents);
    }
}

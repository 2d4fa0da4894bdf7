package org.medwarn.state;

import java.util.Arrays;
import java.util.Comparator;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.medwarn.avro.Category;

/**
 * Everything about one person that every event needs, read and written as one value: the registry
 * history and the open years (normally the current one, plus the previous one until its
 * late-settlement bound). Stored by {@link PersonStateSerializer} (hand-written binary layout, no
 * reflection): a new field must be added there too ({@code CompactSerializersTest} checks it).
 */
@TypeInfo(PersonStateSerializer.Factory.class)
public class PersonState {
    /** Registry versions, ascending by {@code effectiveFrom}. */
    public RegistryVersion[] registry = new RegistryVersion[0];

    /** Open years, ascending. */
    public PersonYear[] years = new PersonYear[0];

    /**
     * Monthly self-pay, ascending by month: the months of the open years, plus, while a rolling
     * policy is known, the months still inside some future 12-month window.
     */
    public MonthBucket[] months = new MonthBucket[0];

    public PersonState() {}

    /** The registry version in effect at {@code time}, or null when none is (entry missing). */
    public RegistryVersion registryAt(long time) {
        RegistryVersion found = null;
        for (RegistryVersion v : registry) {
            if (v.effectiveFrom <= time) {
                found = v;
            }
        }
        return found;
    }

    /**
     * Adds a registry version (replacing one with the same {@code effectiveFrom}) and forgets
     * versions superseded before {@code keepFrom}.
     */
    public void addRegistryVersion(RegistryVersion version, long keepFrom) {
        RegistryVersion[] next = Arrays.copyOf(registry, registry.length + 1);
        int n = 0;
        for (RegistryVersion v : registry) {
            if (v.effectiveFrom != version.effectiveFrom) {
                next[n++] = v;
            }
        }
        next[n++] = version;
        next = Arrays.copyOf(next, n);
        Arrays.sort(next, Comparator.comparingLong(v -> v.effectiveFrom));
        int first = 0;
        while (first + 1 < next.length && next[first + 1].effectiveFrom <= keepFrom) {
            first++;
        }
        registry = Arrays.copyOfRange(next, first, next.length);
    }

    public PersonYear year(int year) {
        for (PersonYear y : years) {
            if (y.year == year) {
                return y;
            }
        }
        return null;
    }

    /** The year's state, created empty (level NONE, ordinary) when absent. */
    public PersonYear openYear(int year) {
        PersonYear existing = year(year);
        if (existing != null) {
            return existing;
        }
        PersonYear y = new PersonYear();
        y.year = year;
        y.category = Category.ORDINARY;
        years = Arrays.copyOf(years, years.length + 1);
        years[years.length - 1] = y;
        Arrays.sort(years, Comparator.comparingInt(p -> p.year));
        return y;
    }

    public void removeYear(int year) {
        years = Arrays.stream(years).filter(y -> y.year != year).toArray(PersonYear[]::new);
    }

    public boolean isEmpty() {
        return registry.length == 0 && years.length == 0 && months.length == 0;
    }

    /**
     * Adds self-pay components to {@code month}'s bucket.
     *
     * @return whether the bucket was created by this call
     */
    public boolean addToMonth(int month, long psnPartCents, long fulamtOwnpayCents) {
        for (MonthBucket b : months) {
            if (b.month == month) {
                b.psnPartCents += psnPartCents;
                b.fulamtOwnpayCents += fulamtOwnpayCents;
                return false;
            }
        }
        MonthBucket b = new MonthBucket();
        b.month = month;
        b.psnPartCents = psnPartCents;
        b.fulamtOwnpayCents = fulamtOwnpayCents;
        months = Arrays.copyOf(months, months.length + 1);
        months[months.length - 1] = b;
        Arrays.sort(months, Comparator.comparingInt(m -> m.month));
        return true;
    }

    /** Keeps only the months for which {@code keep} holds. */
    public void retainMonths(java.util.function.IntPredicate keep) {
        months = Arrays.stream(months).filter(m -> keep.test(m.month)).toArray(MonthBucket[]::new);
    }
}

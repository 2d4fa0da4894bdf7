package org.medwarn.generate;

/**
 * One record of the time-ordered settlement stream packed into a {@code long} whose natural order
 * is the delivery order: delivery second since the start of the year (26 bits, enough for the year
 * and its late-settlement tail), person index (22 bits), the record's number within the person's
 * year (15 bits). Ties of the same second are broken by person and number, so the order is total
 * and the stream deterministic.
 */
final class StreamKey {
    static final int MAX_PERSONS = (1 << 22) - 1;
    static final int MAX_RECORDS_PER_PERSON = (1 << 15) - 1;
    static final long MAX_SECONDS = (1L << 26) - 1;

    private StreamKey() {}

    static long of(long secondOfStream, int person, int record) {
        if (secondOfStream < 0 || secondOfStream > MAX_SECONDS) {
            throw new IllegalArgumentException("second " + secondOfStream + " is out of range");
        }
        return (secondOfStream << 37) | ((long) person << 15) | record;
    }

    static long second(long key) {
        return key >>> 37;
    }

    static int person(long key) {
        return (int) ((key >>> 15) & MAX_PERSONS);
    }

    static int record(long key) {
        return (int) (key & MAX_RECORDS_PER_PERSON);
    }
}

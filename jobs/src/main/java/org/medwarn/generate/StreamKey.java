package org.medwarn.generate;

/**
 * One record of the time-ordered settlement stream packed into a {@code long} whose natural order
 * is the delivery order: delivery second since the start of the year (26 bits, enough for the year
 * and its late-settlement tail), person index (24 bits: a province's 10 million persons), the
 * record's number within the person's year (13 bits: 8,191, over forty times the heaviest year of
 * the calibrated county, 184 records). Ties of the same second are broken by person and number, so
 * the order is total and the stream deterministic.
 */
final class StreamKey {
    private static final int PERSON_BITS = 24;
    private static final int RECORD_BITS = 13;
    private static final int SECOND_SHIFT = PERSON_BITS + RECORD_BITS;
    static final int MAX_PERSONS = (1 << PERSON_BITS) - 1;
    static final int MAX_RECORDS_PER_PERSON = (1 << RECORD_BITS) - 1;
    static final long MAX_SECONDS = (1L << 26) - 1;

    private StreamKey() {}

    static long of(long secondOfStream, int person, int record) {
        if (secondOfStream < 0 || secondOfStream > MAX_SECONDS) {
            throw new IllegalArgumentException("second " + secondOfStream + " is out of range");
        }
        return (secondOfStream << SECOND_SHIFT) | ((long) person << RECORD_BITS) | record;
    }

    static long second(long key) {
        return key >>> SECOND_SHIFT;
    }

    static int person(long key) {
        return (int) ((key >>> RECORD_BITS) & MAX_PERSONS);
    }

    static int record(long key) {
        return (int) (key & MAX_RECORDS_PER_PERSON);
    }
}

package org.medwarn.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The packed stream key: every field round-trips at its largest value, and order is delivery. */
class StreamKeyTest {
    @Test
    void provinceSizedPersonIndexRoundTrips() {
        int tenMillion = 10_000_000;
        long key =
                StreamKey.of(StreamKey.MAX_SECONDS, tenMillion, StreamKey.MAX_RECORDS_PER_PERSON);
        assertEquals(StreamKey.MAX_SECONDS, StreamKey.second(key));
        assertEquals(tenMillion, StreamKey.person(key));
        assertEquals(StreamKey.MAX_RECORDS_PER_PERSON, StreamKey.record(key));
        long last = StreamKey.of(1, StreamKey.MAX_PERSONS, 0);
        assertEquals(StreamKey.MAX_PERSONS, StreamKey.person(last));
    }

    @Test
    void ordersBySecondThenPersonThenRecord() {
        assertTrue(StreamKey.of(1, 0, 0) > StreamKey.of(0, StreamKey.MAX_PERSONS, 8_000));
        assertTrue(StreamKey.of(5, 2, 0) > StreamKey.of(5, 1, StreamKey.MAX_RECORDS_PER_PERSON));
        assertTrue(StreamKey.of(5, 2, 1) > StreamKey.of(5, 2, 0));
    }
}

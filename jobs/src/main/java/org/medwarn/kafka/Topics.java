package org.medwarn.kafka;

/** The Kafka topics of medwarn. Every record is keyed by {@code psn_no} (UTF-8). */
public final class Topics {
    /** Settlements (结算), Avro {@code Settlement}. */
    public static final String SETTLEMENTS = "settlements";

    /** Person registry changes, Avro {@code PersonRecord}; compacted in production. */
    public static final String PERSONS = "persons";

    /** Level changes, Avro {@code Warning}, written exactly once. */
    public static final String WARNINGS = "warnings";

    /** Ledger (台账) updates, Avro {@code LedgerEntry}, written exactly once. */
    public static final String LEDGER = "ledger";

    /** Inputs that were not counted, Avro {@code DeadLetter}, written exactly once. */
    public static final String DEAD_LETTERS = "dead-letters";

    private Topics() {}
}

package org.medwarn.ingest;

/**
 * Why an input was not counted. Each reason is a code in the dead-letter topic and a counter {@code
 * medwarn.deadLettersByReason.<REASON>}. New reasons go at the end (the order is not persisted, but
 * keeps branches mergeable).
 */
public enum DeadLetterReason {
    /** The bytes are not Avro single-object encoded. */
    NOT_AVRO,
    /** Avro with a schema fingerprint that no known schema version has. */
    UNKNOWN_SCHEMA,
    /** A file line that is not a JSON object. */
    NOT_JSON,
    /** A required field ({@code setl_id}, {@code psn_no}, {@code setl_time}, ...) is absent. */
    MISSING_FIELD,
    /** A time that is not {@code yyyy-MM-dd HH:mm:ss}. */
    BAD_TIME,
    /** An amount that does not parse, has more than 2 decimals or is out of range. */
    BAD_AMOUNT,
    /** {@code psn_part_amt} differs from {@code medfee_sumamt - fund_pay_sumamt} by over 1 分. */
    AMOUNT_MISMATCH,
    /** A negative self-pay on a row that is not a reversal. */
    NEGATIVE_WITHOUT_REVERSAL,
    /** {@code refd_setl_flag} is neither 0 nor 1, or a reversal reverses itself. */
    BAD_REVERSAL,
    /** A registry record without a valid category. */
    BAD_CATEGORY,
    /** A region code of the wrong form. */
    BAD_REGION,
    /** A settlement of a year whose late-settlement bound has passed. */
    LATE_BEYOND_BOUND,
    /** A reversal whose original did not arrive before the original's year closed. */
    REVERSAL_ORIGINAL_MISSING,
    /** A reversal of a settlement that is already reversed (by another reversal row). */
    REVERSAL_ALREADY_APPLIED,
    /** The same {@code setl_id} again with different content: the first is kept. */
    CONFLICTING_DUPLICATE,
    /**
     * An output document the search engine rejected for good (mapping error, 400): not retried; the
     * raw bytes are the bulk action and document.
     */
    SEARCH_REJECTED,
    /** A policy published to the {@code policies} topic that does not parse or validate. */
    INVALID_POLICY,
    /** A record longer than the input limit (default 1 MiB, {@link InputLimits}); not decoded. */
    OVERSIZED,
    /** {@code setl_time} later than the record's received time plus the tolerance. */
    FUTURE_TIME,
    /** {@code setl_time} before the retention horizon (years before the received time). */
    BEFORE_RETENTION_HORIZON,
    /**
     * A triage action on a warning the job does not know: never emitted, or its year has closed and
     * its case was done (its state removed).
     */
    TRIAGE_UNKNOWN_WARNING,
    /**
     * A triage action that breaks a rule: a missing field its action needs (VERIFY without outcome,
     * ASSIGN without assignee, ...), or a transition the case's status does not allow.
     */
    TRIAGE_INVALID
}

package org.medwarn.ingest;

import java.io.Serializable;
import java.time.Duration;
import org.medwarn.time.ChinaTime;

/**
 * Limits on raw input that do not depend on the job's state: the size of a record and how far a
 * settlement's {@code setl_time} may lie from the moment the record was received. Pure: no Flink.
 *
 * <p><b>Time rule (replay determinism).</b> {@code setl_time} is compared with the record's
 * <em>received time</em>, the Kafka record timestamp carried in {@link RawRecord#timestamp}, never
 * with the current clock: the timestamp is stored with the record, so re-reading the topic (a
 * restore, a new consumer group, a replay of the topic) decides every record exactly as the live
 * run did. A settlement is rejected
 *
 * <ul>
 *   <li>FUTURE_TIME when {@code setl_time} is later than received time + {@code futureTolerance} (a
 *       clock or typing error; let through, it would move event time ahead for everybody and close
 *       open years early);
 *   <li>BEFORE_RETENTION_HORIZON when {@code setl_time} is before 1 January (China time) of the
 *       year {@code retentionYears} before the received time's year (far older than any late
 *       settlement can count: it would open a long-closed year in state).
 * </ul>
 *
 * A record without a received time (a JSON Lines file in {@code ./medwarn replay}) is not checked
 * against time; the late-settlement bound still applies by event time.
 *
 * @param maxRecordBytes records with more bytes are OVERSIZED (not decoded at all)
 * @param futureTolerance how far after its received time a {@code setl_time} may be
 * @param retentionYears how many calendar years before the received time's year are accepted
 */
public record InputLimits(long maxRecordBytes, Duration futureTolerance, int retentionYears)
        implements Serializable {

    /** 1 MiB: about 2,000 times a settlement (~500 bytes of Avro), the broker's default limit. */
    public static final long DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;

    /** Clock skew between the hospital system and the producer that is tolerated. */
    public static final Duration DEFAULT_FUTURE_TOLERANCE = Duration.ofHours(1);

    /** Settlements of the received year and the 5 before it are accepted. */
    public static final int DEFAULT_RETENTION_YEARS = 5;

    /** The defaults above. */
    public static final InputLimits DEFAULTS =
            new InputLimits(
                    DEFAULT_MAX_RECORD_BYTES, DEFAULT_FUTURE_TOLERANCE, DEFAULT_RETENTION_YEARS);

    public InputLimits {
        if (maxRecordBytes <= 0) {
            throw new IllegalArgumentException(
                    "max-record-bytes: " + maxRecordBytes + " is not positive");
        }
        if (futureTolerance == null || futureTolerance.isNegative()) {
            throw new IllegalArgumentException(
                    "future-tolerance: " + futureTolerance + " is negative");
        }
        if (retentionYears < 0) {
            throw new IllegalArgumentException(
                    "retention-years: " + retentionYears + " is negative");
        }
    }

    /** Rejects a record longer than {@link #maxRecordBytes} as OVERSIZED. */
    public void checkSize(RawRecord raw) throws RejectedInputException {
        if (raw.value != null && raw.value.length > maxRecordBytes) {
            throw new RejectedInputException(
                    DeadLetterReason.OVERSIZED,
                    "record: "
                            + raw.value.length
                            + " bytes is over the limit of "
                            + maxRecordBytes
                            + " bytes (max-record-bytes)");
        }
    }

    /**
     * Checks a settlement's {@code setl_time} against the record's received time (see the class
     * comment); {@code receivedAt} {@link RawRecord#NO_TIMESTAMP} skips the check.
     */
    public void checkSettlementTime(long setlTime, long receivedAt) throws RejectedInputException {
        if (receivedAt == RawRecord.NO_TIMESTAMP) {
            return;
        }
        long latest = receivedAt + futureTolerance.toMillis();
        if (setlTime > latest) {
            throw new RejectedInputException(
                    DeadLetterReason.FUTURE_TIME,
                    "setl_time: "
                            + ChinaTime.format(setlTime)
                            + " is after the record's received time "
                            + ChinaTime.format(receivedAt)
                            + " + "
                            + futureTolerance
                            + " (future-tolerance)");
        }
        long horizon = ChinaTime.startOfYear(ChinaTime.yearOf(receivedAt) - retentionYears);
        if (setlTime < horizon) {
            throw new RejectedInputException(
                    DeadLetterReason.BEFORE_RETENTION_HORIZON,
                    "setl_time: "
                            + ChinaTime.format(setlTime)
                            + " is before the retention horizon "
                            + ChinaTime.format(horizon)
                            + " ("
                            + retentionYears
                            + " years before the record's received time "
                            + ChinaTime.format(receivedAt)
                            + ")");
        }
    }
}

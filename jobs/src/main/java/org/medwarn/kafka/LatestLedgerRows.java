package org.medwarn.kafka;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.medwarn.avro.LedgerEntry;

/**
 * Before a <b>transactional</b> (exactly-once) ledger sink: keeps only the latest row of each
 * person-year until the next checkpoint barrier, then writes those rows. A {@code read_committed}
 * reader sees the ledger topic only at checkpoints (when the transaction commits), so the rows
 * superseded within one checkpoint interval were never visible to it: the topic's committed content
 * at every checkpoint is the same, with about one row per changed person-year and checkpoint
 * instead of one per settlement. (The JFR profile of issue 8 put the ledger's Avro encoding and
 * Kafka sends at ~24% of the monitor's thread.)
 *
 * <p>Rows of one person-year keep their order (only the newest, highest {@code revision}, is
 * written); the row closing a year is always the last of its person-year. No state: the buffer is
 * empty at every barrier ({@link #prepareSnapshotPreBarrier}); at the end of a bounded input it is
 * written out; more than {@link #MAX_BUFFERED} waiting rows are written at once. Operator-chained
 * after the monitor (forward, same parallelism).
 */
public class LatestLedgerRows extends AbstractStreamOperator<LedgerEntry>
        implements OneInputStreamOperator<LedgerEntry, LedgerEntry>, BoundedOneInput {
    private static final long serialVersionUID = 1L;

    /** Waiting rows (person-years) per subtask before they are written without a barrier. */
    static final int MAX_BUFFERED = 200_000;

    private transient Map<String, StreamRecord<LedgerEntry>> latest;
    private transient Counter superseded;

    /** {@code ledger} through this operator (uid {@code ledger-latest-per-checkpoint<suffix>}). */
    public static DataStream<LedgerEntry> apply(DataStream<LedgerEntry> ledger, String uidSuffix) {
        return ledger.transform(
                        "latest ledger row per checkpoint",
                        TypeInformation.of(LedgerEntry.class),
                        new LatestLedgerRows())
                .uid("ledger-latest-per-checkpoint" + uidSuffix);
    }

    @Override
    public void open() throws Exception {
        super.open();
        latest = new LinkedHashMap<>();
        superseded = getMetricGroup().addGroup("medwarn").counter("ledgerRowsSuperseded");
    }

    @Override
    public void processElement(StreamRecord<LedgerEntry> element) {
        LedgerEntry row = element.getValue();
        // the monitor emits a new LedgerEntry per row, so keeping the reference is safe
        if (latest.put(row.getPsnNo() + '/' + row.getYear(), element.copy(row)) != null) {
            superseded.inc();
        }
        if (latest.size() > MAX_BUFFERED) {
            flush();
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        flush();
    }

    @Override
    public void endInput() {
        flush();
    }

    private void flush() {
        for (StreamRecord<LedgerEntry> r : latest.values()) {
            output.collect(r);
        }
        latest.clear();
    }
}

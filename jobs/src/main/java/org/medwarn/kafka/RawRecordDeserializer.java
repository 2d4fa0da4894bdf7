package org.medwarn.kafka;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.medwarn.ingest.RawRecord;

/**
 * Wraps Kafka records as {@link RawRecord}s without decoding them, so that no content can fail the
 * source: decoding and validation happen downstream, where a bad record becomes a dead letter. The
 * record timestamp travels along as the received time ({@link RawRecord#timestamp}).
 */
public class RawRecordDeserializer implements KafkaRecordDeserializationSchema<RawRecord> {
    private static final long serialVersionUID = 1L;
    private final RawRecord.InputKind kind;

    public RawRecordDeserializer(RawRecord.InputKind kind) {
        this.kind = kind;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawRecord> out) {
        out.collect(
                new RawRecord(
                        kind,
                        RawRecord.Encoding.AVRO,
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        record.value(),
                        record.timestamp() < 0 ? RawRecord.NO_TIMESTAMP : record.timestamp()));
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }
}

package org.medwarn.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.medwarn.avro.PersonRecord;
import org.medwarn.avro.Settlement;
import org.medwarn.generate.GenerateCommand;
import org.medwarn.generate.PersonGenerator;
import org.medwarn.generate.SettlementGenerator;
import org.medwarn.kafka.Topics;
import org.medwarn.policy.PolicyLoader;

/**
 * Loads one generated county ({@link org.medwarn.generate}, the calibrated 冠县 model) into the
 * {@code persons} and {@code settlements} topics (Avro single-object encoding, keyed by {@code
 * psn_no}, as the job expects) and, when asked, the same records as CSV for PostgreSQL's {@code
 * COPY}. Every contender then reads this one data set.
 */
final class BenchData {
    /** Columns of the CSV settlement table, in order (DOMAIN.md §4 names). */
    static final String SETTLEMENT_COLUMNS =
            "setl_id, mdtrt_id, psn_no, insutype, psn_type, med_type, setl_time, medfee_sumamt,"
                    + " fund_pay_sumamt, hifp_pay, psn_part_amt, fulamt_ownpay_amt, psn_cash_pay,"
                    + " refd_setl_flag, init_setl_id, insu_admdvs, fixmedins_code, fixmedins_name";

    private BenchData() {}

    /** What was loaded. */
    record Loaded(int persons, long settlementRecords, double seconds, Path csvDir) {}

    /**
     * Loads the county. {@code csvDir} (null for none) receives {@code persons.csv} and {@code
     * settlements.csv}.
     */
    static Loaded load(
            String bootstrap, int persons, long settlements, int year, Path csvDir, PrintStream out)
            throws IOException {
        PersonGenerator registry = new PersonGenerator(persons, 42, year);
        SettlementGenerator county =
                new SettlementGenerator(registry, 42, year, PolicyLoader.defaultPolicy());
        long start = System.nanoTime();
        if (csvDir != null) {
            Files.createDirectories(csvDir);
        }
        long loaded;
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap);
                BufferedWriter pcsv = csv(csvDir, "persons.csv");
                BufferedWriter scsv = csv(csvDir, "settlements.csv")) {
            for (int i = 0; i < registry.size(); i++) {
                PersonRecord p = registry.record(i);
                send(producer, Topics.PERSONS, p.getPsnNo(), p);
                line(pcsv, p.getPsnNo() + "," + p.getCategory());
            }
            loaded =
                    GenerateCommand.stream(
                            county,
                            settlements,
                            new GenerateCommand.Progress(out, "bench: loading"),
                            (n, at, s) -> {
                                send(producer, Topics.SETTLEMENTS, s.getPsnNo(), s);
                                line(scsv, csvRow(s));
                            });
            producer.flush();
        }
        return new Loaded(persons, loaded, (System.nanoTime() - start) / 1e9, csvDir);
    }

    private static String csvRow(Settlement s) {
        Object[] v = {
            s.getSetlId(),
            s.getMdtrtId(),
            s.getPsnNo(),
            s.getInsutype(),
            s.getPsnType(),
            s.getMedType(),
            s.getSetlTime(),
            s.getMedfeeSumamt(),
            s.getFundPaySumamt(),
            s.getHifpPay(),
            s.getPsnPartAmt(),
            s.getFulamtOwnpayAmt(),
            s.getPsnCashPay(),
            s.getRefdSetlFlag(),
            s.getInitSetlId(),
            s.getInsuAdmdvs(),
            s.getFixmedinsCode(),
            s.getFixmedinsName()
        };
        StringBuilder b = new StringBuilder(200);
        for (int i = 0; i < v.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            if (v[i] != null) {
                b.append(v[i] instanceof java.math.BigDecimal d ? d.toPlainString() : v[i]);
            }
        }
        return b.toString();
    }

    private static BufferedWriter csv(Path dir, String name) throws IOException {
        return dir == null
                ? null
                : Files.newBufferedWriter(dir.resolve(name), StandardCharsets.UTF_8);
    }

    private static void line(BufferedWriter w, String text) {
        if (w == null) {
            return;
        }
        try {
            w.write(text);
            w.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void send(
            KafkaProducer<byte[], byte[]> producer,
            String topic,
            String key,
            SpecificRecordBase record) {
        producer.send(
                new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), encode(record)));
    }

    /** Avro single-object encoding, as {@code AvroRecordSerializer} writes it. */
    static byte[] encode(SpecificRecordBase record) {
        try {
            ByteBuffer b =
                    record instanceof Settlement s
                            ? s.toByteBuffer()
                            : ((PersonRecord) record).toByteBuffer();
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + record, e);
        }
    }

    /** A {@code read_committed} consumer of raw bytes that commits nothing. */
    static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        return Topics.byteConsumer(bootstrap);
    }

    static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        return new KafkaProducer<>(p);
    }
}

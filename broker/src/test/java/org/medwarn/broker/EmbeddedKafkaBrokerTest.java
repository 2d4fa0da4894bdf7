package org.medwarn.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EmbeddedKafkaBrokerTest {

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() throws IOException {
        long t0 = System.nanoTime();
        broker = EmbeddedKafkaBroker.start();
        System.out.printf(
                "Kafka broker ready at %s after %d ms%n",
                broker.bootstrapServers(), (System.nanoTime() - t0) / 1_000_000);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    @Order(1)
    void startsOnLoopbackWithFreshTempDir() {
        assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + broker.port());
        assertThat(broker.port()).isPositive();
        assertThat(broker.isRunning()).isTrue();
        assertThat(broker.dataDir().resolve("kafka-logs/meta.properties")).exists();
        assertThat(broker.logFile()).content().contains("Kafka Server started");
    }

    @Test
    @Order(2)
    void producesAndConsumes() throws Exception {
        String topic = "plain";
        createTopic(topic, 2);
        assertThat(partitionCount(topic)).isEqualTo(2);

        try (KafkaProducer<String, String> producer = producer(new Properties())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get();
            }
        }
        assertThat(consumeAll(topic, "read_uncommitted", 10))
                .containsExactlyInAnyOrder(
                        "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9");
    }

    @Test
    @Order(3)
    void readCommittedConsumerSeesOnlyCommittedTransactions() throws Exception {
        String topic = "transactional";
        createTopic(topic, 2);

        Properties props = new Properties();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-" + UUID.randomUUID());
        try (KafkaProducer<String, String> producer = producer(props)) {
            producer.initTransactions();

            producer.beginTransaction();
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "committed-" + i));
            }
            producer.commitTransaction();

            producer.beginTransaction();
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "aborted-" + i));
            }
            producer.flush();
            producer.abortTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k9", "committed-3"));
            producer.commitTransaction();
        }

        assertThat(consumeAll(topic, "read_committed", 4))
                .containsExactlyInAnyOrder(
                        "committed-0", "committed-1", "committed-2", "committed-3");
        // The aborted records really were written: an uncommitted reader sees them.
        assertThat(consumeAll(topic, "read_uncommitted", 7))
                .contains("aborted-0", "aborted-1", "aborted-2")
                .hasSize(7);
    }

    @Test
    @Order(4)
    void restartKeepsPortTopicsAndData() throws Exception {
        int port = broker.port();
        long oldPid = broker.process().orElseThrow().pid();

        broker.restart();

        assertThat(broker.isRunning()).isTrue();
        assertThat(broker.port()).isEqualTo(port);
        assertThat(broker.process().orElseThrow().pid()).isNotEqualTo(oldPid);
        assertThat(ProcessHandle.of(oldPid).map(ProcessHandle::isAlive))
                .isNotEqualTo(Optional.of(true));
        assertThat(partitionCount("plain")).isEqualTo(2);
        assertThat(consumeAll("plain", "read_uncommitted", 10)).hasSize(10);
        assertThat(consumeAll("transactional", "read_committed", 4)).hasSize(4);

        try (KafkaProducer<String, String> producer = producer(new Properties())) {
            producer.send(new ProducerRecord<>("plain", "k", "after-restart")).get();
        }
        assertThat(consumeAll("plain", "read_uncommitted", 11)).contains("after-restart");
    }

    @Test
    @Order(5)
    void portInUseGivesClearError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().port(port).start())
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("port " + port)
                    .hasMessageContaining("already in use");
        }
    }

    @Test
    @Order(6)
    void explicitDataDirIsKeptAndReusedWithoutReformatting(@TempDir Path dir) throws Exception {
        Path meta = dir.resolve("kafka-logs/meta.properties");
        String clusterId;
        try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.builder().dataDir(dir).start()) {
            assertThat(first.dataDir()).isEqualTo(dir.toAbsolutePath().normalize());
            withAdmin(
                    first,
                    admin ->
                            admin.createTopics(List.of(new NewTopic("kept", 3, (short) 1)))
                                    .all()
                                    .get());
            clusterId = Files.readString(meta);
        }
        assertThat(meta).exists();
        assertThat(dir.resolve("broker.log")).exists();

        try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.builder().dataDir(dir).start()) {
            assertThat(Files.readString(meta)).isEqualTo(clusterId);
            withAdmin(
                    second, admin -> assertThat(admin.listTopics().names().get()).contains("kept"));
        }
        assertThat(dir).exists();
    }

    @Test
    @Order(7)
    void closeStopsTheChildAndDeletesTheTempDir() {
        ProcessHandle child = broker.process().orElseThrow();
        Path dataDir = broker.dataDir();
        assertThat(child.isAlive()).isTrue();

        broker.close();

        assertThat(child.isAlive()).isFalse();
        assertThat(broker.isRunning()).isFalse();
        assertThat(broker.process()).isEmpty();
        assertThat(dataDir).doesNotExist();
        assertThatThrownBy(broker::restart).isInstanceOf(IllegalStateException.class);
        broker.close(); // idempotent
    }

    @Test
    @Order(8)
    void mainRunsOnTheLauncherAloneAndTheBrokerDiesWithItsParent(@TempDir Path dir)
            throws Exception {
        // Only this module's classes on the classpath: the launcher must need nothing but the JDK.
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process parent =
                new ProcessBuilder(
                                java,
                                "-cp",
                                Path.of("target/classes").toAbsolutePath().toString(),
                                EmbeddedKafkaBroker.class.getName(),
                                "--port",
                                "0",
                                "--data-dir",
                                dir.toString())
                        .redirectErrorStream(true)
                        .start();
        List<ProcessHandle> descendants = new ArrayList<>();
        try {
            BufferedReader out =
                    new BufferedReader(
                            new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<String> ready =
                    CompletableFuture.supplyAsync(
                            () -> {
                                try {
                                    StringBuilder seen = new StringBuilder();
                                    for (String line; (line = out.readLine()) != null; ) {
                                        if (line.startsWith("Kafka broker ready at 127.0.0.1:")) {
                                            return line;
                                        }
                                        seen.append(line).append('\n');
                                    }
                                    throw new IllegalStateException("parent exited:\n" + seen);
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            });
            assertThat(ready.get(60, TimeUnit.SECONDS)).matches("Kafka broker ready at [0-9.:]+");
            parent.descendants().forEach(descendants::add);
            assertThat(descendants).hasSize(1);
            ProcessHandle child = descendants.get(0);

            parent.destroyForcibly(); // SIGKILL: no shutdown hooks run in the parent
            assertThat(parent.waitFor(10, TimeUnit.SECONDS)).isTrue();

            child.onExit().get(30, TimeUnit.SECONDS);
            assertThat(child.isAlive()).isFalse();
            assertThat(dir.resolve("broker.log")).content().contains("Kafka Server started");
        } finally {
            parent.destroyForcibly();
            descendants.forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void launcherClassesReferenceOnlyTheJdk() throws Exception {
        Path classes = Path.of("target/classes/org/medwarn/broker");
        List<String> forbidden =
                List.of(
                        "org/apache/kafka",
                        "kafka/",
                        "scala/",
                        "org/slf4j",
                        "org/apache/logging",
                        "com/fasterxml");
        try (Stream<Path> files = Files.list(classes)) {
            List<Path> classFiles =
                    files.filter(f -> f.toString().endsWith(".class")).collect(Collectors.toList());
            assertThat(classFiles).isNotEmpty();
            for (Path f : classFiles) {
                String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                for (String pkg : forbidden) {
                    assertThat(bytes).as("%s references %s", f, pkg).doesNotContain(pkg);
                }
            }
        }
    }

    // -----------------------------------------------------------------------------------------

    private interface AdminAction {
        void run(Admin admin) throws Exception;
    }

    private static void withAdmin(EmbeddedKafkaBroker b, AdminAction action) throws Exception {
        try (Admin admin =
                Admin.create(
                        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, b.bootstrapServers()))) {
            action.run(admin);
        }
    }

    private static void createTopic(String topic, int partitions) throws Exception {
        withAdmin(
                broker,
                admin ->
                        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                                .all()
                                .get(30, TimeUnit.SECONDS));
    }

    private static int partitionCount(String topic) throws Exception {
        int[] count = new int[1];
        withAdmin(
                broker,
                admin -> {
                    TopicDescription d =
                            admin.describeTopics(Set.of(topic))
                                    .allTopicNames()
                                    .get(30, TimeUnit.SECONDS)
                                    .get(topic);
                    count[0] = d.partitions().size();
                });
        return count[0];
    }

    private static KafkaProducer<String, String> producer(Properties extra) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.putAll(extra);
        return new KafkaProducer<>(props);
    }

    /** Consumes a topic from the start in a new group until {@code expected} values arrived. */
    private static List<String> consumeAll(String topic, String isolation, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "g-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
                if (values.size() >= expected && caughtUp(consumer)) {
                    break;
                }
            }
            consumer.commitSync();
        }
        return values;
    }

    /** True when the consumer has read up to the end (last stable offset for read_committed). */
    private static boolean caughtUp(KafkaConsumer<String, String> consumer) {
        Set<TopicPartition> assigned = consumer.assignment();
        if (assigned.isEmpty()) {
            return false;
        }
        Map<TopicPartition, Long> end = consumer.endOffsets(assigned);
        return assigned.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
    }
}

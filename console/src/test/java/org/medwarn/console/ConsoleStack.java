package org.medwarn.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.medwarn.avro.TriageAction;
import org.medwarn.broker.EmbeddedKafkaBroker;

/**
 * What the console's integration tests start: a real search node filled with {@link ConsoleFixture}
 * and the console on a free port in front of it, with the test users ({@link #USERS}, password =
 * name + {@value #PASSWORD_SUFFIX}), a session clock the test moves ({@link #advanceClock}), the
 * audit log in a temporary directory and, when asked for, a real Kafka broker for the triage
 * actions.
 */
final class ConsoleStack implements AutoCloseable {

    /** An answer of the console: status, parsed JSON body (null if not JSON) and raw response. */
    record Answer(int status, JsonNode body, HttpResponse<String> response) {}

    static final String PASSWORD_SUFFIX = "-pw";

    /** name, role, township. */
    static final String[][] USERS = {
        {"leader", "LEADERSHIP", null},
        {"county", "COUNTY_OFFICER", null},
        {"qingquan", "TOWNSHIP_OFFICER", ConsoleFixture.TOWNSHIPS[0][0]},
        {"jiazhen", "TOWNSHIP_OFFICER", ConsoleFixture.TOWNSHIPS[1][0]},
        {"jiazhen2", "TOWNSHIP_OFFICER", ConsoleFixture.TOWNSHIPS[1][0]},
        {"engineer", "DATA_ENGINEER", null}
    };

    static final Duration IDLE_TIMEOUT = Duration.ofMinutes(30);

    /**
     * Credentials the console sends to the search node (which has no security plugin and ignores
     * them): the tests check that they never reach a browser.
     */
    static final String SEARCH_USER = "medwarn-console-reader";

    static final String SEARCH_PASSWORD = "search-secret-Xy7-never-in-a-page";

    final TestSearchNode search;
    final ConsoleFixture fixture = new ConsoleFixture();
    final EmbeddedKafkaBroker broker;
    final Path dataDir;
    private final AtomicLong clock = new AtomicLong(System.currentTimeMillis());
    private final SearchClient client;
    private final ConsoleKafka kafka;
    private final Javalin app;
    private Client county;

    ConsoleStack() throws IOException, InterruptedException {
        this(false);
    }

    /**
     * @param withKafka also start a Kafka broker and give the console {@code --kafka}
     */
    ConsoleStack(boolean withKafka) throws IOException, InterruptedException {
        search = TestSearchNode.start();
        search.index(fixture.docs);
        dataDir = Files.createTempDirectory("medwarn-console-");
        broker = withKafka ? EmbeddedKafkaBroker.start() : null;
        if (broker != null) {
            kafka = new ConsoleKafka(broker.bootstrapServers());
            kafka.createTopics();
        } else {
            kafka = null;
        }
        client = new SearchClient(search.url(), SEARCH_USER, SEARCH_PASSWORD);
        app = ConsoleApp.create(new ConsoleData(client), security()).start("127.0.0.1", 0);
    }

    /** The test users, with cheap hashes (the iterations are in each hash). */
    static UserDirectory testUsers() {
        ArrayNode list = Json.arr();
        for (String[] u : USERS) {
            list.add(
                    Json.obj(
                            "name", u[0],
                            "role", u[1],
                            "township_code", u[2],
                            "password_hash",
                                    PasswordHash.hash(
                                            (u[0] + PASSWORD_SUFFIX).toCharArray(),
                                            PasswordHash.MIN_ITERATIONS)));
        }
        for (JsonNode u : list) {
            if (u.path("township_code").isNull()) {
                ((ObjectNode) u).remove("township_code");
            }
        }
        return UserDirectory.parse(Json.obj("users", list), "test users");
    }

    private ConsoleSecurity security() {
        return new ConsoleSecurity(
                testUsers(),
                new Sessions(IDLE_TIMEOUT, clock::get),
                new AuditLog(dataDir, kafka),
                kafka,
                false);
    }

    /** Moves the sessions' clock (session expiry without waiting). */
    void advanceClock(Duration d) {
        clock.addAndGet(d.toMillis());
    }

    Path auditFile() {
        return dataDir.resolve(AuditLog.FILE_NAME);
    }

    List<String> auditLines() throws IOException {
        return Files.exists(auditFile()) ? Files.readAllLines(auditFile()) : List.of();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + app.port() + "/";
    }

    /** GET as the county officer (logged in once). */
    Answer get(String path) throws IOException, InterruptedException {
        if (county == null) {
            county = login("county");
        }
        return county.get(path);
    }

    /** A client logged in as a test user (password = name + {@value #PASSWORD_SUFFIX}). */
    Client login(String user) throws IOException, InterruptedException {
        Client c = new Client(baseUrl());
        Answer a = c.login(user, user + PASSWORD_SUFFIX);
        if (a.status() != 200) {
            throw new IllegalStateException(
                    "login of " + user + ": " + a.status() + " " + a.body());
        }
        return c;
    }

    /** An HTTP client of the console that keeps the session cookie and the CSRF token. */
    static final class Client {
        private final String base;
        private final HttpClient http = HttpClient.newHttpClient();
        String cookie;
        String csrf;

        Client(String base) {
            this.base = base;
        }

        Answer login(String user, String password) throws IOException, InterruptedException {
            Answer a =
                    send(
                            "api/login",
                            "POST",
                            Json.obj("user", user, "password", password).toString(),
                            "application/json",
                            null);
            a.response()
                    .headers()
                    .firstValue("Set-Cookie")
                    .ifPresent(c -> cookie = c.substring(0, c.indexOf(';')));
            if (a.status() == 200) {
                csrf = a.body().get("csrf_token").asText();
            }
            return a;
        }

        Answer get(String path) throws IOException, InterruptedException {
            return send(path, "GET", null, null, null);
        }

        /** POST with this session's CSRF token. */
        Answer post(String path, JsonNode body) throws IOException, InterruptedException {
            return send(path, "POST", body.toString(), "application/json", csrf);
        }

        /** POST with the given CSRF token (null: none). */
        Answer post(String path, JsonNode body, String csrfToken)
                throws IOException, InterruptedException {
            return send(path, "POST", body.toString(), "application/json", csrfToken);
        }

        Answer send(String path, String method, String body, String type, String csrfToken)
                throws IOException, InterruptedException {
            HttpRequest.Builder b =
                    HttpRequest.newBuilder(URI.create(base + path))
                            .timeout(Duration.ofSeconds(30))
                            .method(
                                    method,
                                    body == null
                                            ? HttpRequest.BodyPublishers.noBody()
                                            : HttpRequest.BodyPublishers.ofString(body));
            if (type != null) {
                b.header("Content-Type", type);
            }
            if (cookie != null) {
                b.header("Cookie", cookie);
            }
            if (csrfToken != null) {
                b.header(Sessions.CSRF_HEADER, csrfToken);
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json;
            try {
                json = Json.MAPPER.readTree(r.body());
            } catch (IOException e) {
                json = null;
            }
            return new Answer(r.statusCode(), json, r);
        }
    }

    /** Every record on a topic so far, from the beginning (key and value bytes). */
    List<ConsumerRecord<byte[], byte[]>> topic(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = new ArrayList<>();
            c.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end");
                }
                c.poll(Duration.ofMillis(500)).forEach(out::add);
            }
        }
        return out;
    }

    /** The triage actions on topic {@code triage} so far, decoded. */
    List<TriageAction> triageActions() throws IOException {
        List<TriageAction> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : topic(ConsoleKafka.TRIAGE)) {
            TriageAction a = TriageAction.getDecoder().decode(r.value());
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(a.getPsnNo());
            out.add(a);
        }
        return out;
    }

    /** A test against a console whose search engine is unreachable (a closed port). */
    interface UnreachableSearchTest {
        void run(String consoleUrl, String searchUrl) throws Exception;
    }

    /** Runs {@code test} against a console on a free port whose search engine is not there. */
    static void withUnreachableSearch(UnreachableSearchTest test) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;
        Path dir = Files.createTempDirectory("medwarn-console-");
        try (SearchClient dead = new SearchClient(url)) {
            ConsoleSecurity security =
                    new ConsoleSecurity(
                            testUsers(),
                            new Sessions(IDLE_TIMEOUT, System::currentTimeMillis),
                            new AuditLog(dir, null),
                            null,
                            false);
            Javalin app = ConsoleApp.create(new ConsoleData(dead), security).start("127.0.0.1", 0);
            try {
                test.run("http://127.0.0.1:" + app.port() + "/", url);
            } finally {
                app.stop();
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            app.stop();
            client.close();
            if (kafka != null) {
                kafka.close();
            }
        } finally {
            try {
                if (broker != null) {
                    broker.close();
                }
            } finally {
                search.close();
            }
        }
    }
}

package org.medwarn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medwarn.broker.EmbeddedKafkaBroker;
import org.medwarn.kafka.Topics;
import org.medwarn.searchnode.EmbeddedSearchNode;
import org.medwarn.sink.search.IndexTemplates;

/**
 * {@code medwarn setup} against a real Kafka 4.2 broker and search node: creates the topics and
 * index templates, and is repeatable.
 */
class SetupCommandIT {
    private static EmbeddedKafkaBroker broker;
    private static EmbeddedSearchNode search;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedKafkaBroker.start();
        search = EmbeddedSearchNode.start();
    }

    @AfterAll
    static void stopBroker() {
        if (search != null) {
            search.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void createsEveryTopicOnceWithThePartitionsAsked() throws Exception {
        String first = setup("--bootstrap-servers", broker.bootstrapServers(), "--partitions", "3");

        assertThat(first)
                .contains("setup: topic settlements   created, 3 partitions")
                .contains("setup: topic dead-letters  created, 3 partitions")
                .endsWith("setup: done\n");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            Map<String, TopicDescription> topics =
                    admin.describeTopics(Topics.ALL).allTopicNames().get();
            assertThat(topics).containsOnlyKeys(Topics.ALL);
            assertThat(topics.values()).allSatisfy(t -> assertThat(t.partitions()).hasSize(3));
        }

        String again =
                setup(
                        "--bootstrap-servers",
                        broker.bootstrapServers(),
                        "--partitions",
                        "6",
                        "--search",
                        search.httpUrl());
        assertThat(again)
                .contains("setup: topic settlements   exists (left as it is), 3 partitions")
                .contains("setup: index templates and indices " + IndexTemplates.INDICES + " ready")
                .doesNotContain(" created,");
        for (String index : IndexTemplates.INDICES) {
            HttpResponse<Void> template =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(
                                                    URI.create(
                                                            search.httpUrl()
                                                                    + "/_index_template/"
                                                                    + index))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding());
            assertThat(template.statusCode()).as("template " + index).isEqualTo(200);
        }
    }

    @Test
    void rejectsAZeroPartitionCountNamingTheOption() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code =
                Medwarn.run(
                        new String[] {"setup", "--bootstrap-servers", "x:1", "--partitions", "0"},
                        new PrintStream(new ByteArrayOutputStream()),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("setup: --partitions 0 must be at least 1");
    }

    private static String setup(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] argv = new String[args.length + 1];
        argv[0] = "setup";
        System.arraycopy(args, 0, argv, 1, args.length);
        int code =
                Medwarn.run(
                        argv,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(System.err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(0);
        return out.toString(StandardCharsets.UTF_8);
    }
}

package org.medwarn.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.medwarn.job.MonitoringJob;
import org.medwarn.kafka.Topics;
import org.medwarn.sink.search.IndexTemplates;
import org.medwarn.sink.search.SearchSettings;

/**
 * {@code medwarn setup}: prepares existing services for the monitoring job, once per deployment and
 * safe to repeat. Creates the Kafka topics that are missing (every record is keyed by {@code
 * psn_no}, so a person's settlements stay in one partition and in order) and, with {@code
 * --search}, the search engine's index templates.
 *
 * <pre>
 * medwarn setup --bootstrap-servers HOST:PORT [--partitions 12] [--replication-factor 1]
 *     [--search http://HOST:9200]
 * </pre>
 *
 * <p>The partition count of an existing topic is never changed: adding partitions would move
 * persons to other partitions (and other keyed state); plan it once (README, "Running on a
 * cluster").
 */
final class SetupCommand {
    static final Set<String> OPTIONS =
            Set.of(
                    "bootstrap-servers",
                    "partitions",
                    "replication-factor",
                    "search",
                    "search-user",
                    "search-password",
                    "search-api-key",
                    "search-ca-cert");

    /** 12 divides evenly among 1, 2, 3, 4, 6 or 12 source subtasks. */
    static final int DEFAULT_PARTITIONS = 12;

    /** How long new topics may take to show in the broker's metadata. */
    private static final Duration TOPIC_WAIT = Duration.ofSeconds(30);

    /** Where the search engine's index templates are defined (issue: search sink). */
    private SetupCommand() {}

    static void run(String[] argv, PrintStream out) throws Exception {
        Args args = new Args("setup", argv, OPTIONS);
        String bootstrap = args.required("bootstrap-servers");
        int partitions = positive(args, "partitions", DEFAULT_PARTITIONS);
        int replication = positive(args, "replication-factor", 1);
        if (replication > Short.MAX_VALUE) {
            throw new Args.UsageException(
                    "setup: --replication-factor " + replication + " is too large");
        }
        SearchSettings search = MonitoringJob.Settings.searchSettings(args);

        createTopics(bootstrap, partitions, (short) replication, out);
        if (search != null) {
            createIndexTemplates(search, out);
        }
        out.println("setup: done");
    }

    /**
     * Creates the topics of {@link Topics#ALL} that are missing, waits until the broker serves all
     * of them (a new topic's metadata takes a moment to spread) and says which ones were created
     * and how many partitions each has.
     */
    static void createTopics(
            String bootstrap, int partitions, short replicationFactor, PrintStream out)
            throws Exception {
        out.printf(
                "setup: topics on %s (%d partitions, replication factor %d) ...%n",
                bootstrap, partitions, replicationFactor);
        List<String> created = Topics.createMissing(bootstrap, partitions, replicationFactor);
        Map<String, Integer> served = awaitTopics(bootstrap, TOPIC_WAIT);
        for (String topic : Topics.ALL) {
            out.printf(
                    "setup: topic %-13s %s, %d partitions%n",
                    topic,
                    created.contains(topic) ? "created" : "exists (left as it is)",
                    served.get(topic));
        }
    }

    /** The partition count of every medwarn topic, once the broker describes them all. */
    private static Map<String, Integer> awaitTopics(String bootstrap, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            while (true) {
                try {
                    Map<String, Integer> partitions = new TreeMap<>();
                    admin.describeTopics(Topics.ALL)
                            .allTopicNames()
                            .get()
                            .forEach((name, d) -> partitions.put(name, d.partitions().size()));
                    return partitions;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
                            || System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(200);
                }
            }
        }
    }

    /**
     * Installs the search engine's index templates and creates the indices that are missing
     * (idempotent, as at every job start).
     */
    static void createIndexTemplates(SearchSettings search, PrintStream out) throws IOException {
        out.printf("setup: index templates on %s ...%n", search.hosts());
        IndexTemplates.install(search);
        out.printf("setup: index templates and indices %s ready%n", IndexTemplates.INDICES);
    }

    private static int positive(Args args, String name, int fallback) {
        int v = args.intValue(name, fallback);
        if (v < 1) {
            throw new Args.UsageException("setup: --" + name + " " + v + " must be at least 1");
        }
        return v;
    }
}

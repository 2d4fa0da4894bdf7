package org.medwarn.job;

import org.medwarn.broker.EmbeddedKafkaBroker;
import org.medwarn.kafka.Topics;
import org.medwarn.searchnode.EmbeddedSearchNode;

/**
 * The real services of the search integration tests: a Kafka broker with every medwarn topic (2
 * partitions) and a search node, the embedded OpenSearch node or, with {@code
 * -Dmedwarn.search.url=http://…}, that one.
 */
final class LiveServices implements AutoCloseable {
    final EmbeddedKafkaBroker broker;
    final EmbeddedSearchNode node;
    final String searchUrl;

    private LiveServices(EmbeddedKafkaBroker broker, EmbeddedSearchNode node, String searchUrl) {
        this.broker = broker;
        this.node = node;
        this.searchUrl = searchUrl;
    }

    static LiveServices start() throws Exception {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
        Topics.createMissing(broker.bootstrapServers(), 2);
        String url = System.getProperty("medwarn.search.url", "");
        EmbeddedSearchNode node = null;
        if (url.isBlank()) {
            node = EmbeddedSearchNode.start();
            url = node.httpUrl();
        }
        return new LiveServices(broker, node, url);
    }

    @Override
    public void close() {
        if (node != null) {
            node.close();
        }
        broker.close();
    }
}

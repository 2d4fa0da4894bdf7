package org.medwarn.job;

import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.medwarn.broker.EmbeddedKafkaBroker;
import org.medwarn.kafka.Topics;

/**
 * A real Kafka 4.2 broker (child JVM, free ports) with medwarn's topics at 2 partitions, for the
 * tests of one class: {@code @RegisterExtension static final TestBroker broker = new
 * TestBroker();}.
 */
public final class TestBroker implements BeforeAllCallback, AfterAllCallback {
    private EmbeddedKafkaBroker broker;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        // A loaded (shared, 2-core) machine may need more than the default minute.
        broker = EmbeddedKafkaBroker.builder().startupTimeout(Duration.ofMinutes(3)).start();
        Topics.createMissing(broker.bootstrapServers(), 2);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (broker != null) {
            broker.close();
        }
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }
}

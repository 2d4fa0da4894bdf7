package org.medwarn.kafka;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.medwarn.cli.Args;
import org.medwarn.policy.Policy;
import org.medwarn.policy.PolicyLoader;
import org.medwarn.time.ChinaTime;

/**
 * {@code medwarn policy publish FILE --bootstrap-servers HOST:PORT}: validates a policy file and
 * publishes its text to the {@code policies} topic, from where the running monitoring job applies
 * it at its {@code effective_from} (event time) without a restart. An invalid file is refused here
 * with the loader's message; one that reaches the topic another way is dead-lettered by the job
 * (INVALID_POLICY) and the running policy stays.
 */
public final class PolicyPublishCommand {
    static final Set<String> OPTIONS = Set.of("bootstrap-servers");

    private PolicyPublishCommand() {}

    public static void run(String[] argv, PrintStream out) throws Exception {
        if (argv.length < 2 || !argv[0].equals("publish")) {
            throw new Args.UsageException(
                    "policy: usage: policy publish FILE --bootstrap-servers HOST:PORT");
        }
        Path file = Path.of(argv[1]);
        Args args = new Args("policy publish", Arrays.copyOfRange(argv, 2, argv.length), OPTIONS);
        String bootstrap = args.required("bootstrap-servers");
        Policy policy = PolicyLoader.load(file);
        byte[] yaml = Files.readAllBytes(file);
        try (KafkaProducer<byte[], byte[]> producer = Topics.byteProducer(bootstrap)) {
            RecordMetadata m =
                    producer.send(
                                    new ProducerRecord<>(
                                            Topics.POLICIES,
                                            Topics.POLICY_KEY.getBytes(StandardCharsets.UTF_8),
                                            yaml))
                            .get();
            out.printf(
                    "policy: published %s (effective_from %s) to %s-%d@%d%n",
                    policy.version(),
                    ChinaTime.format(policy.effectiveFrom()),
                    m.topic(),
                    m.partition(),
                    m.offset());
        }
    }
}

package org.medwarn.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medwarn.ingest.PolicyUpdate;
import org.medwarn.job.MonitoringWorkflow;
import org.medwarn.policy.PolicyHistory;
import org.medwarn.policy.PolicyLoader;

/**
 * Event time of the monitor is that of the settlements alone, however late the published-policies
 * input starts: a replay whose policy input opens only after all settlements were read still gives
 * every screening and feedback. Before the monitor ignored that input in its operator, its event
 * time jumped from the start straight to the end of input and the run had none (CI, on a loaded
 * machine).
 */
class SlowPolicyInputTest {
    private static final Path FIXTURE = Path.of("src/test/resources/replay/basic");

    @TempDir Path tmp;

    @Test
    void aPolicyInputThatStartsLastChangesNothing() throws Exception {
        Path parts = Files.createDirectories(tmp.resolve("parts"));
        StreamExecutionEnvironment env = ReplayCommand.environment(2, "hashmap");
        MonitoringWorkflow.Inputs in =
                MonitoringWorkflow.inputs(
                        env,
                        ReplayCommand.sources(
                                FIXTURE.resolve("persons.jsonl"),
                                FIXTURE.resolve("settlements.jsonl")));
        MonitoringWorkflow.monitor(
                new MonitoringWorkflow.Inputs(
                        in.events(),
                        in.deadLetters(),
                        in.published()
                                .map(new OpensLate())
                                .uid("opens-late")
                                .name("opens late")
                                .setParallelism(1),
                        in.triage()),
                ReplayCommand.sinks(parts),
                PolicyHistory.of(PolicyLoader.defaultPolicy()),
                "");
        env.execute("slow policy input");

        for (String name : new String[] {"screenings", "feedback", "warnings"}) {
            ReplayOutput.merge(parts, name, tmp);
            assertThat(Files.readAllLines(tmp.resolve(name + ".jsonl")))
                    .as(name)
                    .containsExactlyElementsOf(
                            Files.readAllLines(FIXTURE.resolve("expected-" + name + ".jsonl")));
        }
    }

    /** Opens 3 s late: long after the small fixture's settlements have all been read. */
    private static final class OpensLate extends RichMapFunction<PolicyUpdate, PolicyUpdate> {
        @Override
        public void open(OpenContext context) throws Exception {
            Thread.sleep(3_000);
        }

        @Override
        public PolicyUpdate map(PolicyUpdate value) {
            return value;
        }
    }
}

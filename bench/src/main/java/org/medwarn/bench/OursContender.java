package org.medwarn.bench;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.medwarn.job.MonitoringJob;
import org.medwarn.job.MonitoringWorkflow;
import org.medwarn.sink.search.IndexTemplates;

/**
 * Contender "ours": the real {@link MonitoringWorkflow} with the live job's environment (RocksDB,
 * incremental checkpoints, no Kryo) and exactly-once Kafka sinks, plus the search sinks with {@code
 * --search URL} (the latency run). In {@code BOUNDED} mode it reads the topics to their end offsets
 * and reports the job's net runtime ({@code runtime_ms}); in {@code LIVE} mode it reports {@code
 * ready} once running and runs until killed. With {@code --restore CHECKPOINT} it restores the job
 * from that checkpoint ({@link RecoveryRun}); {@code submitted_at} is when it submits the job.
 */
public final class OursContender {
    private OursContender() {}

    public static void main(String[] argv) throws Exception {
        ContenderOptions o = ContenderOptions.parse("ours", argv);
        MonitoringJob.Settings s = o.settings();
        if (s.search() != null) {
            IndexTemplates.install(s.search());
        }
        StreamExecutionEnvironment env = MonitoringJob.environment(s, o.flinkConfiguration());
        MonitoringWorkflow.defineWorkflow(
                env,
                BenchSources.monitoring(s.bootstrapServers(), s.groupId(), o.mode()),
                MonitoringJob.kafkaSinks(s),
                s.policy());
        // the recovery run measures from here (this JVM's start is not part of a restart)
        ContenderOptions.report("submitted_at", System.currentTimeMillis());
        if (o.mode() == BenchSources.Mode.LIVE) {
            JobClient job = env.executeAsync("bench ours (live)");
            while (job.getJobStatus().get() != JobStatus.RUNNING) {
                Thread.sleep(100);
            }
            ContenderOptions.report("ready", job.getJobID());
            job.getJobExecutionResult().get();
        } else {
            JobExecutionResult r = env.execute("bench ours");
            ContenderOptions.report("runtime_ms", r.getNetRuntime());
        }
    }
}

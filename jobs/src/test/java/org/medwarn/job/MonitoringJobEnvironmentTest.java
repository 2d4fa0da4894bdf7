package org.medwarn.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.medwarn.policy.PolicyLoader;

/** The live job's environment: what a local cluster gets unless the caller says otherwise. */
class MonitoringJobEnvironmentTest {
    private static final MonitoringJob.Settings SETTINGS =
            new MonitoringJob.Settings(
                    "127.0.0.1:9", PolicyLoader.defaultPolicy(), 2, "file:///tmp/cp", 2_000, "g");

    @Test
    void localClusterGetsTheJobsManagedMemory() {
        StreamExecutionEnvironment env = MonitoringJob.environment(SETTINGS);
        assertEquals(
                MonitoringJob.LOCAL_MANAGED_MEMORY,
                env.getConfiguration().get(TaskManagerOptions.MANAGED_MEMORY_SIZE));
    }

    @Test
    void managedMemoryOfTheCallerWins() {
        Configuration base = new Configuration();
        base.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(256));
        StreamExecutionEnvironment env = MonitoringJob.environment(SETTINGS, base);
        assertEquals(
                MemorySize.ofMebiBytes(256),
                env.getConfiguration().get(TaskManagerOptions.MANAGED_MEMORY_SIZE));
    }
}

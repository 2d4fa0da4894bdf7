package org.medwarn.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.medwarn.policy.PolicyLoader;
import org.rocksdb.CompressionType;

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
    void rocksDbLevelsZeroAndOneUncompressed() {
        StreamExecutionEnvironment env = MonitoringJob.environment(SETTINGS);
        assertEquals(
                List.of(
                        CompressionType.NO_COMPRESSION,
                        CompressionType.NO_COMPRESSION,
                        CompressionType.LZ4_COMPRESSION),
                env.getConfiguration().get(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL));
        assertEquals(
                true,
                env.getConfiguration().get(RocksDBConfigurableOptions.USE_DYNAMIC_LEVEL_SIZE));
    }

    @Test
    void compressionOfTheCallerWins() {
        Configuration base = new Configuration();
        base.set(
                RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL,
                List.of(CompressionType.SNAPPY_COMPRESSION));
        StreamExecutionEnvironment env = MonitoringJob.environment(SETTINGS, base);
        assertEquals(
                List.of(CompressionType.SNAPPY_COMPRESSION),
                env.getConfiguration().get(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL));
        assertEquals(
                false,
                env.getConfiguration().get(RocksDBConfigurableOptions.USE_DYNAMIC_LEVEL_SIZE));
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

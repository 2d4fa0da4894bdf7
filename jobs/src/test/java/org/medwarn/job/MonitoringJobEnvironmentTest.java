package org.medwarn.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.junit.jupiter.api.Test;
import org.medwarn.policy.PolicyLoader;
import org.rocksdb.CompressionType;

/** The live job's environment: what a local cluster gets unless the caller says otherwise. */
class MonitoringJobEnvironmentTest {
    private static final MonitoringJob.Settings SETTINGS =
            new MonitoringJob.Settings(
                    "127.0.0.1:9", PolicyLoader.defaultPolicy(), 2, "file:///tmp/cp", 2_000, "g");

    /** The configuration the job's environment runs with, on top of {@code base}. */
    private static ReadableConfig configOn(Configuration base) {
        return MonitoringJob.environment(SETTINGS, base).getConfiguration();
    }

    @Test
    void localClusterGetsTheJobsManagedMemory() {
        assertEquals(
                MonitoringJob.LOCAL_MANAGED_MEMORY,
                configOn(new Configuration()).get(TaskManagerOptions.MANAGED_MEMORY_SIZE));
    }

    @Test
    void rocksDbLevelsZeroAndOneUncompressed() {
        ReadableConfig conf = configOn(new Configuration());
        assertEquals(
                List.of(
                        CompressionType.NO_COMPRESSION,
                        CompressionType.NO_COMPRESSION,
                        CompressionType.LZ4_COMPRESSION),
                conf.get(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL));
        assertEquals(true, conf.get(RocksDBConfigurableOptions.USE_DYNAMIC_LEVEL_SIZE));
    }

    @Test
    void compressionOfTheCallerWins() {
        Configuration base = new Configuration();
        base.set(
                RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL,
                List.of(CompressionType.SNAPPY_COMPRESSION));
        ReadableConfig conf = configOn(base);
        assertEquals(
                List.of(CompressionType.SNAPPY_COMPRESSION),
                conf.get(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL));
        assertEquals(false, conf.get(RocksDBConfigurableOptions.USE_DYNAMIC_LEVEL_SIZE));
    }

    @Test
    void dynamicLevelSizeOfTheCallerWins() {
        Configuration base = new Configuration();
        base.set(RocksDBConfigurableOptions.USE_DYNAMIC_LEVEL_SIZE, false);
        ReadableConfig conf = configOn(base);
        assertEquals(false, conf.get(RocksDBConfigurableOptions.USE_DYNAMIC_LEVEL_SIZE));
        assertEquals(
                RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL.defaultValue(),
                conf.get(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL));
    }

    @Test
    void managedMemoryOfTheCallerWins() {
        Configuration base = new Configuration();
        base.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(256));
        assertEquals(
                MemorySize.ofMebiBytes(256),
                configOn(base).get(TaskManagerOptions.MANAGED_MEMORY_SIZE));
    }
}

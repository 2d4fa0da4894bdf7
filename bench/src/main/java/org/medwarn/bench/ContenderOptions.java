package org.medwarn.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.medwarn.cli.Args;
import org.medwarn.job.MonitoringJob;
import org.medwarn.policy.PolicyLoader;
import org.medwarn.region.RegionDirectory;
import org.medwarn.sink.search.SearchSettings;

/**
 * The command line the bench driver passes to a Flink contender: the job settings of {@link
 * MonitoringJob} plus the read mode, and a checkpoint to restore from ({@code --restore}, or null).
 */
record ContenderOptions(MonitoringJob.Settings settings, BenchSources.Mode mode, String restore) {
    static final Set<String> OPTIONS =
            Set.of(
                    "bootstrap-servers",
                    "parallelism",
                    "checkpoint-dir",
                    "checkpoint-interval-ms",
                    "group-id",
                    "mode",
                    "search",
                    "restore");

    static ContenderOptions parse(String command, String[] argv) {
        Args a = new Args(command, argv, OPTIONS);
        MonitoringJob.Settings settings =
                new MonitoringJob.Settings(
                        a.required("bootstrap-servers"),
                        PolicyLoader.defaultPolicy(),
                        a.intValue("parallelism", 2),
                        a.required("checkpoint-dir"),
                        a.intValue("checkpoint-interval-ms", 2_000),
                        a.required("group-id"));
        String search = a.get("search", null);
        if (search != null) {
            settings =
                    settings.withSearch(
                            SearchSettings.of(search), RegionDirectory.defaultDirectory());
        }
        return new ContenderOptions(
                settings,
                BenchSources.Mode.valueOf(a.get("mode", "BOUNDED")),
                a.get("restore", null));
    }

    /**
     * The command line for a Flink contender (what {@link #parse} reads); {@code searchUrl}: the
     * search engine the job also writes to, as the live job does, or null for Kafka sinks only.
     */
    static List<String> args(
            String bootstrap,
            int parallelism,
            Path checkpointDir,
            int checkpointIntervalMs,
            String groupId,
            BenchSources.Mode mode,
            String searchUrl) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--bootstrap-servers",
                                bootstrap,
                                "--parallelism",
                                String.valueOf(parallelism),
                                "--checkpoint-dir",
                                checkpointDir.toUri().toString(),
                                "--checkpoint-interval-ms",
                                String.valueOf(checkpointIntervalMs),
                                "--group-id",
                                groupId,
                                "--mode",
                                mode.name()));
        if (searchUrl != null) {
            args.addAll(List.of("--search", searchUrl));
        }
        return args;
    }

    /** The contender's Flink configuration: where to restore from, when {@link #restore} is set. */
    Configuration flinkConfiguration() {
        Configuration conf = new Configuration();
        if (restore != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, restore);
        }
        return conf;
    }

    /** Prints one result line for the driver ({@link ChildJvm#RESULT_PREFIX}). */
    static void report(String key, Object value) {
        System.out.println(ChildJvm.RESULT_PREFIX + key + "=" + value);
        System.out.flush();
    }
}

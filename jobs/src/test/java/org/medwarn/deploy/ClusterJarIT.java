package org.medwarn.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The job jar for a real Flink cluster ({@code target/medwarn-jobs-<version>-cluster.jar}, built by
 * the shade execution of {@code jobs/pom.xml} in {@code package}): it must not carry classes that
 * Flink's distribution already has (Flink, its logging, Scala, RocksDB), must carry everything else
 * the job needs, and must still work with Jackson relocated.
 */
class ClusterJarIT {
    private static Path jar;
    private static List<String> entries;

    @BeforeAll
    static void openJar() throws IOException {
        Path target = Path.of("target");
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> s =
                Files.newDirectoryStream(target, "medwarn-jobs-*-cluster.jar")) {
            s.forEach(found::add);
        }
        Assumptions.assumeFalse(
                found.isEmpty(),
                "no cluster jar in target/: built with -DskipClusterJar (profile cluster-jar off)");
        assertThat(found).as("cluster jars in %s", target.toAbsolutePath()).hasSize(1);
        jar = found.get(0);
        entries = new ArrayList<>();
        try (JarFile j = new JarFile(jar.toFile())) {
            j.stream().map(ZipEntry::getName).forEach(entries::add);
        }
    }

    @Test
    void containsNoFlinkClassesButTheKafkaConnectorAndAvroFormat() throws Exception {
        // Flink classes may only come from the two Flink artifacts that are not in flink-dist.
        Set<String> allowed = new HashSet<>();
        allowed.addAll(jarEntries("org.apache.flink.connector.kafka.source.KafkaSource"));
        allowed.addAll(jarEntries("org.apache.flink.formats.avro.typeutils.AvroTypeInfo"));
        List<String> flink =
                entries.stream()
                        .filter(e -> e.startsWith("org/apache/flink/") && e.endsWith(".class"))
                        .toList();
        assertThat(flink).isNotEmpty();
        assertThat(flink)
                .as("Flink classes that are not from flink-connector-kafka or flink-avro")
                .allMatch(allowed::contains);
        assertThat(entries)
                .noneMatch(e -> e.startsWith("org/apache/flink/connector/base/"))
                .noneMatch(e -> e.startsWith("org/apache/flink/connector/file/"))
                .noneMatch(e -> e.startsWith("org/apache/flink/runtime/"))
                .noneMatch(e -> e.startsWith("org/apache/flink/streaming/api/"));
    }

    @Test
    void containsNoLoggingScalaOrNativeLibrariesOfTheDistribution() {
        for (String prefix :
                List.of(
                        "org/slf4j/",
                        "org/apache/logging/log4j/",
                        "org/apache/log4j/",
                        "scala/",
                        "org/rocksdb/",
                        "com/esotericsoftware/",
                        "org/apache/flink/shaded/")) {
            assertThat(entries).as("entries under %s", prefix).noneMatch(e -> e.startsWith(prefix));
        }
    }

    @Test
    void containsTheJobAndWhatFlinkDoesNotProvide() throws IOException {
        assertThat(entries)
                .contains(
                        "org/medwarn/job/MonitoringJob.class",
                        "org/medwarn/cli/Medwarn.class",
                        "org/medwarn/avro/Warning.class",
                        "medwarn/default-policy.yaml",
                        "org/apache/flink/connector/kafka/sink/KafkaSink.class",
                        "org/apache/flink/formats/avro/typeutils/AvroTypeInfo.class",
                        "org/apache/kafka/clients/producer/KafkaProducer.class",
                        "org/apache/avro/Schema.class",
                        "org/medwarn/shaded/com/fasterxml/jackson/databind/ObjectMapper.class",
                        "org/medwarn/shaded/org/yaml/snakeyaml/Yaml.class");
        assertThat(entries)
                .as("Jackson and SnakeYAML are relocated")
                .noneMatch(e -> e.startsWith("com/fasterxml/"))
                .noneMatch(e -> e.startsWith("org/yaml/"));
        try (JarFile j = new JarFile(jar.toFile())) {
            assertThat(j.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("org.medwarn.job.MonitoringJob");
        }
    }

    @Test
    void relocatedJacksonStillReadsThePolicy() throws Exception {
        // The cluster jar with only what Flink's lib/ adds for it here (slf4j), no test classpath.
        URL[] classpath = {jar.toUri().toURL(), jarOf("org.slf4j.LoggerFactory").toUri().toURL()};
        try (URLClassLoader loader =
                new URLClassLoader(classpath, ClassLoader.getPlatformClassLoader())) {
            Class<?> policyLoader = loader.loadClass("org.medwarn.policy.PolicyLoader");
            Method defaultPolicy = policyLoader.getMethod("defaultPolicy");
            Object policy = defaultPolicy.invoke(null);
            assertThat(policy.getClass().getClassLoader()).isSameAs(loader);
            assertThat(policy.toString()).contains("default-2022");
        }
    }

    /** The entries of the jar on the test classpath that holds {@code className}. */
    private static Set<String> jarEntries(String className)
            throws ClassNotFoundException, IOException, URISyntaxException {
        Set<String> names = new HashSet<>();
        try (JarFile j = new JarFile(jarOf(className).toFile())) {
            j.stream().map(ZipEntry::getName).forEach(names::add);
        }
        return names;
    }

    /** The jar on the test classpath that holds {@code className}. */
    private static Path jarOf(String className) throws ClassNotFoundException, URISyntaxException {
        return Path.of(
                Class.forName(className)
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI());
    }
}

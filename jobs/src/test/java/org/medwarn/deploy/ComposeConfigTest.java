package org.medwarn.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The production stack of {@code docker/compose.yaml}: its services, health checks, start order,
 * volumes, and that every file it refers to exists in the repository.
 *
 * <p>There is no Docker engine on the build machines, only (sometimes) the client, so the same
 * checks run twice: on the file as written (interpolated with {@code docker/.env.example}, YAML
 * anchors and merge keys resolved: always), and on the model printed by {@code docker compose
 * config} (v2, JSON) or {@code docker-compose config} (v1, YAML), which validates the file against
 * the Compose specification; that test is skipped, with the reason, when no Compose client is
 * installed.
 */
class ComposeConfigTest {
    private static final Path ROOT = repositoryRoot();
    private static final Path DOCKER = ROOT.resolve("docker");
    private static final Path COMPOSE = DOCKER.resolve("compose.yaml");
    private static final Path ENV_EXAMPLE = DOCKER.resolve(".env.example");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<String> SERVICES =
            List.of(
                    "kafka",
                    "elasticsearch",
                    "kibana",
                    "setup",
                    "jobmanager",
                    "taskmanager",
                    "console");

    @Test
    void fileAsWrittenDefinesTheStack() throws Exception {
        String text =
                interpolate(
                        Files.readString(COMPOSE, StandardCharsets.UTF_8),
                        readEnvFile(ENV_EXAMPLE));
        checkStack(yamlToTree(text));
    }

    @Test
    void composeClientValidatesTheFile() throws Exception {
        Optional<List<String>> client = composeClient();
        Assumptions.assumeTrue(
                client.isPresent(),
                "no Docker Compose client here (neither `docker compose` nor `docker-compose`):"
                        + " docker/compose.yaml is checked as written only");
        boolean v2 = client.get().size() == 2;
        List<String> command = new ArrayList<>(client.get());
        command.addAll(
                List.of("-f", COMPOSE.toString(), "--env-file", ENV_EXAMPLE.toString(), "config"));
        if (v2) {
            command.addAll(List.of("--format", "json"));
        }
        Result result = run(command);
        assertThat(result.exitCode())
                .as("%s said:%n%s", String.join(" ", command), result.stderr())
                .isZero();
        checkStack(v2 ? JSON.readTree(result.stdout()) : yamlToTree(result.stdout()));
    }

    @Test
    void secretsStayOutOfTheRepository() throws Exception {
        String compose = Files.readString(COMPOSE, StandardCharsets.UTF_8);
        Map<String, String> example = readEnvFile(ENV_EXAMPLE);
        // Every variable that the stack requires (${NAME:?...}) is in the example.
        Matcher required = Pattern.compile("\\$\\{([A-Z_][A-Z0-9_]*):\\?").matcher(compose);
        TreeSet<String> names = new TreeSet<>();
        while (required.find()) {
            names.add(required.group(1));
        }
        assertThat(names).contains("ELASTIC_PASSWORD", "KIBANA_SYSTEM_PASSWORD");
        assertThat(example.keySet()).containsAll(names);
        // ... while the real docker/.env is ignored by git and no password is in compose.yaml.
        assertThat(Files.readAllLines(ROOT.resolve(".gitignore"))).contains("docker/.env");
        assertThat(compose).doesNotContain(example.get("ELASTIC_PASSWORD"));
    }

    /** The assertions on a Compose model: as written or as printed by {@code config}. */
    private static void checkStack(JsonNode model) throws IOException {
        JsonNode services = model.path("services");
        assertThat(fieldNames(services)).containsExactlyInAnyOrderElementsOf(SERVICES);

        assertThat(image(services, "kafka")).startsWith("apache/kafka:4.");
        assertThat(image(services, "elasticsearch"))
                .startsWith("docker.elastic.co/elasticsearch/elasticsearch:8.");
        assertThat(image(services, "kibana")).startsWith("docker.elastic.co/kibana/kibana:8.");
        for (String s : List.of("setup", "jobmanager", "taskmanager", "console")) {
            assertThat(image(services, s)).as("image of %s", s).isEqualTo("medwarn-job:latest");
            checkBuild(services.path(s).path("build"), s);
        }

        // Every long-running service has a health check; setup is one-shot.
        for (String s : SERVICES) {
            if (!s.equals("setup")) {
                assertThat(services.path(s).path("healthcheck").path("test").isMissingNode())
                        .as("health check of %s", s)
                        .isFalse();
            }
        }

        // Start order.
        assertDependsOn(services, "kibana", "elasticsearch", "service_healthy");
        assertDependsOn(services, "setup", "kafka", "service_healthy");
        assertDependsOn(services, "setup", "elasticsearch", "service_healthy");
        assertDependsOn(services, "jobmanager", "kafka", "service_healthy");
        assertDependsOn(services, "jobmanager", "setup", "service_completed_successfully");
        assertDependsOn(services, "taskmanager", "jobmanager", "service_started");
        assertDependsOn(services, "console", "setup", "service_completed_successfully");
        assertDependsOn(services, "console", "elasticsearch", "service_healthy");

        // The console listens on all addresses inside its container (127.0.0.1 there is not
        // reachable through the port mapping); the host publishes it on 127.0.0.1 only.
        assertThat(services.path("console").path("command").toString())
                .contains("\"--host\",\"0.0.0.0\"");

        // Volumes: data survives a restart; checkpoints are shared by job and task managers.
        assertThat(fieldNames(model.path("volumes")))
                .contains("kafka-data", "es-data", "kibana-data", "flink-data");
        assertThat(mounts(services, "kafka")).contains("kafka-data -> /var/lib/kafka/data");
        assertThat(mounts(services, "elasticsearch"))
                .contains("es-data -> /usr/share/elasticsearch/data");
        assertThat(mounts(services, "jobmanager")).contains("flink-data -> /flink-data");
        assertThat(mounts(services, "taskmanager")).contains("flink-data -> /flink-data");

        // Application mode: the job class and its settings as program arguments.
        String jobCommand = commandLine(services.path("jobmanager").path("command"));
        assertThat(jobCommand)
                .startsWith("standalone-job --job-classname org.medwarn.job.MonitoringJob")
                .contains("--bootstrap-servers kafka:9092")
                .contains("--policy /opt/medwarn/policy.yaml")
                .contains("--checkpoint-dir file:///flink-data/checkpoints");
        assertThat(mounts(services, "jobmanager"))
                .anyMatch(m -> m.endsWith("/opt/medwarn/policy.yaml"));
        assertThat(flinkProperties(services, "jobmanager"))
                .contains("state.backend.type: rocksdb")
                .contains("execution.checkpointing.incremental: true")
                .contains("execution.checkpointing.savepoint-dir: file:///flink-data/savepoints");
        assertThat(flinkProperties(services, "taskmanager"))
                .isEqualTo(flinkProperties(services, "jobmanager"));

        // Security on: passwords come from the environment, never from this file.
        JsonNode es = services.path("elasticsearch").path("environment");
        assertThat(es.path("xpack.security.enabled").asText()).isEqualTo("true");
        assertThat(es.path("ELASTIC_PASSWORD").asText()).isNotBlank();
        assertThat(
                        services.path("kibana")
                                .path("environment")
                                .path("ELASTICSEARCH_USERNAME")
                                .asText())
                .isEqualTo("kibana_system");

        // Every bind-mounted file or folder exists in the repository.
        for (String s : SERVICES) {
            for (JsonNode volume : services.path(s).path("volumes")) {
                Mount m = Mount.of(volume);
                if (m.bind()) {
                    assertThat(DOCKER.resolve(m.source()).normalize())
                            .as("bind mount of %s: %s", s, m.source())
                            .exists();
                }
            }
        }
        assertThat(mounts(services, "setup"))
                .anyMatch(m -> m.endsWith("setup.sh -> /opt/medwarn/setup.sh"))
                .anyMatch(m -> m.endsWith("dashboards/kibana -> /opt/medwarn/dashboards/kibana"));
        assertThat(ROOT.resolve("dashboards/kibana/import.sh")).isExecutable();
        assertThat(DOCKER.resolve("setup.sh")).isExecutable();
    }

    /** The build context and Dockerfile exist, and so does every file the Dockerfile copies. */
    private static void checkBuild(JsonNode build, String service) throws IOException {
        assertThat(build.isMissingNode()).as("build of %s", service).isFalse();
        Path context = DOCKER.resolve(build.path("context").asText()).normalize();
        assertThat(context).as("build context of %s", service).isEqualTo(ROOT);
        Path dockerfile = context.resolve(build.path("dockerfile").asText());
        assertThat(dockerfile).as("Dockerfile of %s", service).isRegularFile();
        for (String line : Files.readAllLines(dockerfile)) {
            String[] words = line.trim().split("\\s+");
            if (!words[0].equals("COPY") || line.contains("--from=")) {
                continue;
            }
            List<String> sources = new ArrayList<>();
            for (int i = 1; i < words.length - 1; i++) {
                if (!words[i].startsWith("--")) {
                    sources.add(words[i]);
                }
            }
            for (String source : sources) {
                assertThat(context.resolve(source)).as("COPY source in %s", dockerfile).exists();
            }
        }
    }

    private static void assertDependsOn(
            JsonNode services, String service, String on, String condition) {
        JsonNode dependsOn = services.path(service).path("depends_on");
        assertThat(dependsOn.path(on).path("condition").asText())
                .as("%s depends on %s", service, on)
                .isEqualTo(condition);
    }

    private static String image(JsonNode services, String service) {
        return services.path(service).path("image").asText();
    }

    private static List<String> mounts(JsonNode services, String service) {
        List<String> mounts = new ArrayList<>();
        for (JsonNode volume : services.path(service).path("volumes")) {
            Mount m = Mount.of(volume);
            mounts.add(m.source() + " -> " + m.target());
        }
        return mounts;
    }

    private static String flinkProperties(JsonNode services, String service) {
        return services.path(service).path("environment").path("FLINK_PROPERTIES").asText();
    }

    private static String commandLine(JsonNode command) {
        if (command.isArray()) {
            List<String> words = new ArrayList<>();
            command.forEach(w -> words.add(w.asText()));
            return String.join(" ", words);
        }
        return command.asText().trim().replaceAll("\\s+", " ");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** A volume entry, short ({@code src:target[:mode]}) or long syntax. */
    private record Mount(String source, String target, boolean bind) {
        static Mount of(JsonNode volume) {
            if (volume.isTextual()) {
                String[] parts = volume.asText().split(":");
                String source = parts[0];
                boolean bind = source.startsWith(".") || source.startsWith("/");
                return new Mount(source, parts[1], bind);
            }
            return new Mount(
                    volume.path("source").asText(),
                    volume.path("target").asText(),
                    volume.path("type").asText().equals("bind"));
        }
    }

    /** YAML with anchors, aliases and merge keys ({@code <<}) resolved, as a JSON tree. */
    private static JsonNode yamlToTree(String yaml) {
        Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        return JSON.valueToTree(loaded);
    }

    /**
     * Compose's variable substitution: {@code ${NAME}}, {@code ${NAME:-default}}, {@code
     * ${NAME-default}}, {@code ${NAME:?error}}, {@code ${NAME?error}}; {@code $$} is a literal
     * {@code $}.
     */
    static String interpolate(String text, Map<String, String> env) {
        Pattern p = Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])([^}]*))?}");
        Matcher m = p.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group().equals("$$")) {
                replacement = "$";
            } else {
                String value = env.get(m.group(1));
                boolean unset = value == null || (m.group(2).equals(":") && value.isEmpty());
                if (m.group(3) == null) {
                    replacement = value == null ? "" : value;
                } else if (m.group(3).equals("-")) {
                    replacement = unset ? m.group(4) : value;
                } else if (unset) {
                    throw new AssertionError("required variable " + m.group(1) + ": " + m.group(4));
                } else {
                    replacement = value;
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** {@code NAME=value} lines; comments and blank lines are skipped. */
    static Map<String, String> readEnvFile(Path file) throws IOException {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String l = line.trim();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int eq = l.indexOf('=');
            if (eq < 1) {
                fail("%s: not NAME=value: %s", file, line);
            }
            env.put(l.substring(0, eq), l.substring(eq + 1));
        }
        return env;
    }

    /** {@code [docker, compose]} (v2 plugin) or {@code [docker-compose]} (v1), if installed. */
    private static Optional<List<String>> composeClient() {
        for (List<String> candidate :
                List.of(List.of("docker", "compose"), List.of("docker-compose"))) {
            List<String> version = new ArrayList<>(candidate);
            version.add("version");
            try {
                if (run(version).exitCode() == 0) {
                    return Optional.of(candidate);
                }
            } catch (IOException e) {
                // not installed: try the next one
            }
        }
        return Optional.empty();
    }

    private record Result(int exitCode, String stdout, String stderr) {}

    private static Result run(List<String> command) throws IOException {
        Path stdout = Files.createTempFile("compose-out", ".txt");
        Path stderr = Files.createTempFile("compose-err", ".txt");
        try {
            Process process =
                    new ProcessBuilder(command)
                            .directory(ROOT.toFile())
                            .redirectOutput(stdout.toFile())
                            .redirectError(stderr.toFile())
                            .start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("%s did not finish within 60 s", String.join(" ", command));
            }
            return new Result(
                    process.exitValue(),
                    Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("docker/compose.yaml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("docker/compose.yaml not found above " + Path.of(""));
        }
        return dir;
    }
}

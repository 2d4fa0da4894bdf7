package org.medwarn.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medwarn.avro.Category;
import org.medwarn.dashboards.SavedObjectsCheck.Located;
import org.medwarn.dashboards.SavedObjectsCheck.Template;
import org.medwarn.policy.Money;
import org.medwarn.policy.Policy;
import org.medwarn.policy.PolicyLoader;

/**
 * The Kibana saved objects in {@code dashboards/kibana/*.ndjson} parse, reference only objects in
 * those files, and use only fields the index templates have, with compatible types (see {@link
 * SavedObjectsCheck}); the officer queue and the threshold lines say what the issue asks. No Kibana
 * runs here: this is what can be checked without one.
 */
class KibanaSavedObjectsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TEMPLATES =
            List.of("medwarn-ledger", "medwarn-warnings", "medwarn-aggregates");

    private static Path dir;
    private static List<Located> objects;

    @BeforeAll
    static void readFiles() throws IOException {
        dir = findDashboardsDir();
        objects = new ArrayList<>();
        for (Path file : ndjsonFiles()) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).isBlank()) {
                    objects.add(parse(file.getFileName().toString(), i + 1, lines.get(i)));
                }
            }
        }
    }

    /** Tests run in jobs/; the files are at the repository root. */
    private static Path findDashboardsDir() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("dashboards").resolve("kibana");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "dashboards/kibana not found above " + Path.of("").toAbsolutePath());
    }

    private static List<Path> ndjsonFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".ndjson")).sorted().toList();
        }
    }

    private static Located parse(String file, int line, String text) {
        try {
            JsonNode node = JSON.readTree(text);
            if (!node.isObject()) {
                fail("%s:%d is not a JSON object: %s", file, line, text);
            }
            return new Located(file, line, node);
        } catch (JsonProcessingException e) {
            return fail("%s:%d is not valid JSON: %s", file, line, e.getOriginalMessage());
        }
    }

    private static SavedObjectsCheck check() {
        return new SavedObjectsCheck(TEMPLATES.stream().map(Template::fromClasspath).toList());
    }

    private static List<Located> ofType(String type) {
        return objects.stream().filter(o -> o.type().equals(type)).toList();
    }

    private static Located object(String type, String id) {
        return objects.stream()
                .filter(o -> o.type().equals(type) && o.id().equals(id))
                .findFirst()
                .orElseGet(() -> fail("no %s '%s' in %s", type, id, dir));
    }

    @Test
    void everyFileHoldsSavedObjectsOnEveryLine() throws IOException {
        assertThat(ndjsonFiles())
                .extracting(f -> f.getFileName().toString())
                .containsExactly(
                        "data-views.ndjson",
                        "leadership-overview.ndjson",
                        "officer-queue.ndjson",
                        "threshold-tuning.ndjson");
        for (Path file : ndjsonFiles()) {
            assertThat(Files.readAllLines(file, StandardCharsets.UTF_8))
                    .as("%s has no blank lines", file.getFileName())
                    .isNotEmpty()
                    .noneMatch(String::isBlank);
        }
        assertThat(objects)
                .allSatisfy(
                        o -> {
                            assertThat(o.object().path("attributes").isObject())
                                    .as("%s has attributes", o.where())
                                    .isTrue();
                            assertThat(o.object().path("coreMigrationVersion").asText())
                                    .as("%s coreMigrationVersion", o.where())
                                    .startsWith("8.");
                            assertThat(o.object().path("typeMigrationVersion").asText())
                                    .as("%s typeMigrationVersion", o.where())
                                    .isNotEmpty();
                        });
    }

    @Test
    void everyReferenceAndFieldMatchesTheIndexTemplates() {
        assertThat(check().check(objects)).as("problems in %s", dir).isEmpty();
    }

    @Test
    void oneDataViewPerIndexAndTheThreeDashboards() {
        assertThat(ofType("index-pattern"))
                .extracting(Located::id)
                .containsExactlyInAnyOrderElementsOf(TEMPLATES);
        assertThat(ofType("dashboard"))
                .extracting(Located::id)
                .containsExactlyInAnyOrder(
                        "medwarn-leadership-overview",
                        "medwarn-officer-queue",
                        "medwarn-threshold-tuning");
    }

    @Test
    void officerQueueListsNewWarningsMostSevereFirstThenNewest() throws IOException {
        Located search = object("search", "medwarn-new-warnings");
        JsonNode attrs = search.object().path("attributes");
        assertThat(JSON.writeValueAsString(attrs.path("sort")))
                .isEqualTo("[[\"to_level_rank\",\"desc\"],[\"event_time\",\"desc\"]]");
        JsonNode source =
                JSON.readTree(
                        attrs.path("kibanaSavedObjectMeta").path("searchSourceJSON").asText());
        assertThat(source.path("query").path("query").asText()).isEqualTo("status:NEW");
        assertThat(search.object().path("references").findValuesAsText("id"))
                .containsExactly("medwarn-warnings");

        String controls =
                object("dashboard", "medwarn-officer-queue")
                        .object()
                        .path("attributes")
                        .path("controlGroupInput")
                        .path("panelsJSON")
                        .asText();
        assertThat(JSON.readTree(controls).findValuesAsText("fieldName"))
                .contains("township_name", "to_level");
    }

    @Test
    void tuningHistogramMarksTheDefaultPolicyThresholds() {
        Policy policy = PolicyLoader.defaultPolicy();
        Set<BigDecimal> thresholdsYuan = new TreeSet<>();
        for (Category category : Category.values()) {
            policy.thresholds(category)
                    .asMap()
                    .values()
                    .forEach(cents -> thresholdsYuan.add(Money.toYuan(cents).stripTrailingZeros()));
        }
        JsonNode layers =
                object("lens", "medwarn-lens-annual-self-pay-histogram")
                        .object()
                        .path("attributes")
                        .path("state")
                        .path("datasourceStates")
                        .path("formBased")
                        .path("layers");
        Set<BigDecimal> lines = new TreeSet<>();
        layers.forEach(
                layer ->
                        layer.path("columns")
                                .forEach(
                                        c -> {
                                            if (c.path("operationType")
                                                    .asText()
                                                    .equals("static_value")) {
                                                lines.add(
                                                        new BigDecimal(
                                                                        c.path("params")
                                                                                .path("value")
                                                                                .asText())
                                                                .stripTrailingZeros());
                                            }
                                        }));
        assertThat(lines).isEqualTo(thresholdsYuan);
    }

    // The check itself: a broken object must be reported with file, object and field.

    private static List<String> checkWith(String lensState) {
        String lens =
                """
                {"id":"broken","type":"lens","attributes":{"title":"t","visualizationType":"lnsXY",
                 "state":%s},
                 "references":[{"type":"index-pattern","id":"medwarn-ledger",
                                "name":"indexpattern-datasource-layer-l1"}]}
                """
                        .formatted(lensState);
        List<Located> withBroken = new ArrayList<>(ofType("index-pattern"));
        withBroken.add(parse("broken.ndjson", 7, lens.replace("\n", "")));
        return check().check(withBroken);
    }

    private static String layerWith(String column, String query) {
        return """
                {"datasourceStates":{"formBased":{"layers":{"l1":{"columnOrder":["c1"],
                 "columns":{"c1":%s}}}}},
                 "visualization":{"layers":[{"layerId":"l1","accessors":["c1"]}]},
                 "query":{"query":"%s","language":"kuery"},"filters":[]}
                """
                .formatted(column, query);
    }

    @Test
    void anUnknownFieldIsReportedWithFileObjectAndField() {
        List<String> problems =
                checkWith(
                        layerWith(
                                """
                                {"operationType":"sum","sourceField":"annual_selfpay_cents"}""",
                                ""));
        assertThat(problems)
                .singleElement()
                .asString()
                .contains(
                        "broken.ndjson:7",
                        "lens 'broken'",
                        "'annual_selfpay_cents'",
                        "medwarn-ledger");
    }

    private static String onlyProblemWith(String operation, String field) {
        String column =
                "{\"operationType\":\"%s\",\"sourceField\":\"%s\"}".formatted(operation, field);
        List<String> problems = checkWith(layerWith(column, ""));
        assertThat(problems).hasSize(1);
        return problems.get(0);
    }

    @Test
    void anIncompatibleTypeIsReported() {
        assertThat(onlyProblemWith("sum", "township_name"))
                .contains("'township_name'", "type 'keyword'", "numeric");
        assertThat(onlyProblemWith("date_histogram", "year"))
                .contains("'year'", "type 'integer'", "date");
        assertThat(
                        checkWith(
                                layerWith(
                                        "{\"operationType\":\"sum\",\"sourceField\":\"annual_self_pay_yuan\"}",
                                        "")))
                .as("a sum over the data view's double runtime field is fine")
                .isEmpty();
    }

    @Test
    void fieldsInQueriesAndRuntimeFieldsAreChecked() {
        String count =
                """
                {"operationType":"count","sourceField":"___records___",
                 "filter":{"query":"lvl:RED","language":"kuery"}}""";
        assertThat(checkWith(layerWith(count, "status:NEW and annual_self_pay_yuan >= 30000")))
                .containsExactlyInAnyOrder(
                        "broken.ndjson:7 lens 'broken': field 'lvl' used by Lens column 'c1'"
                                + " (count) filter 'lvl:RED' is not in index template"
                                + " medwarn-ledger (data view 'medwarn-ledger')",
                        "broken.ndjson:7 lens 'broken': field 'status' used by state.query"
                                + " 'status:NEW and annual_self_pay_yuan >= 30000' is not in index"
                                + " template medwarn-ledger (data view 'medwarn-ledger')");
    }

    @Test
    void aMissingReferenceAndAForeignDataViewAreReported() {
        String dashboard =
                """
                {"id":"d","type":"dashboard","attributes":{"title":"d",
                 "panelsJSON":"[{\\"panelIndex\\":\\"1\\",\\"panelRefName\\":\\"panel_0\\"}]"},
                 "references":[{"type":"lens","id":"gone","name":"panel_0"}]}""";
        String view =
                """
                {"id":"logs","type":"index-pattern","attributes":{"title":"logs-*",
                 "timeFieldName":"@timestamp"},"references":[]}""";
        List<String> problems =
                check().check(
                                List.of(
                                        parse("x.ndjson", 1, dashboard.replace("\n", "")),
                                        parse("x.ndjson", 2, view.replace("\n", ""))));
        assertThat(problems)
                .anySatisfy(
                        p ->
                                assertThat(p)
                                        .contains(
                                                "dashboard 'd'",
                                                "lens 'gone'",
                                                "none of the files"))
                .anySatisfy(
                        p ->
                                assertThat(p)
                                        .contains(
                                                "index-pattern 'logs'",
                                                "'logs-*'",
                                                "0 index templates"));
    }
}

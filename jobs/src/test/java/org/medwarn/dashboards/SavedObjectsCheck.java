package org.medwarn.dashboards;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks Kibana 8.x saved objects (data views, Lens, saved searches, dashboards) against the
 * medwarn index templates, the document contract in {@code medwarn/search/*.json}.
 *
 * <p>{@link #check} returns one message per problem, each naming the file, the object (type and id)
 * and the field or reference at fault: a reference to an object not in the files, a data view whose
 * title matches no template or whose time field is not a date, and a field used by a Lens column
 * ({@code sourceField}, column filter), a saved search (columns, sort, query, filters), a dashboard
 * control or a KQL query that the data view's template does not have, or has with a type the use
 * does not accept (sum/histogram need a number, date_histogram a date, terms an aggregatable
 * field). Runtime fields declared in a data view count with their declared type.
 */
final class SavedObjectsCheck {

    /** One saved object as read from a line of an ndjson file. */
    record Located(String file, int line, JsonNode object) {
        String type() {
            return object.path("type").asText();
        }

        String id() {
            return object.path("id").asText();
        }

        String where() {
            return file + ":" + line + " " + type() + " '" + id() + "'";
        }
    }

    /** What a use of a field requires of the field's mapping type. */
    enum Need {
        ANY("any type"),
        NUMBER("a numeric type"),
        DATE("a date type"),
        NUMBER_OR_DATE("a numeric or date type"),
        AGGREGATABLE("keyword, boolean, ip or a numeric type"),
        OPTIONS("keyword, boolean or ip"),
        SORTABLE("a type with doc values (not text)");

        final String description;

        Need(String description) {
            this.description = description;
        }

        boolean accepts(String type) {
            return switch (this) {
                case ANY -> true;
                case NUMBER -> NUMERIC.contains(type);
                case DATE -> DATES.contains(type);
                case NUMBER_OR_DATE -> NUMERIC.contains(type) || DATES.contains(type);
                case AGGREGATABLE -> NUMERIC.contains(type) || OPTION_TYPES.contains(type);
                case OPTIONS -> OPTION_TYPES.contains(type);
                case SORTABLE -> !type.equals("text");
            };
        }
    }

    static final Set<String> NUMERIC =
            Set.of(
                    "long",
                    "integer",
                    "short",
                    "byte",
                    "double",
                    "float",
                    "half_float",
                    "scaled_float",
                    "unsigned_long");
    static final Set<String> DATES = Set.of("date", "date_nanos");
    static final Set<String> OPTION_TYPES =
            Set.of("keyword", "constant_keyword", "wildcard", "boolean", "ip");
    private static final Set<String> RUNTIME_TYPES =
            Set.of("boolean", "date", "double", "geo_point", "ip", "keyword", "long", "composite");

    /** Lens operations and what they need of their {@code sourceField}. */
    private static final Map<String, Need> LENS_OPERATIONS =
            Map.ofEntries(
                    Map.entry("count", Need.ANY),
                    Map.entry("last_value", Need.ANY),
                    Map.entry("sum", Need.NUMBER),
                    Map.entry("average", Need.NUMBER),
                    Map.entry("min", Need.NUMBER_OR_DATE),
                    Map.entry("max", Need.NUMBER_OR_DATE),
                    Map.entry("median", Need.NUMBER),
                    Map.entry("percentile", Need.NUMBER),
                    Map.entry("percentile_rank", Need.NUMBER),
                    Map.entry("standard_deviation", Need.NUMBER),
                    Map.entry("range", Need.NUMBER),
                    Map.entry("unique_count", Need.AGGREGATABLE),
                    Map.entry("terms", Need.AGGREGATABLE),
                    Map.entry("date_histogram", Need.DATE));

    private static final String RECORDS = "___records___";
    private static final Pattern QUOTED = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern KQL_FIELD =
            Pattern.compile("(?<![\\w.@*])([A-Za-z_@][\\w.@]*)\\s*(:|<=|>=|<|>)");
    private static final Pattern SCRIPT_DOC_FIELD = Pattern.compile("doc\\['([^']+)'\\]");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** An index template: its index patterns and the mapping type of each field. */
    record Template(String name, List<String> indexPatterns, Map<String, String> fieldTypes) {
        static Template fromClasspath(String name) {
            String resource = "/medwarn/search/" + name + ".json";
            try (InputStream in = SavedObjectsCheck.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("index template " + resource + " not found");
                }
                JsonNode root = JSON.readTree(in);
                List<String> patterns = new ArrayList<>();
                root.path("index_patterns").forEach(p -> patterns.add(p.asText()));
                Map<String, String> types = new LinkedHashMap<>();
                Iterator<Map.Entry<String, JsonNode>> fields =
                        root.path("template").path("mappings").path("properties").fields();
                fields.forEachRemaining(
                        f -> types.put(f.getKey(), f.getValue().path("type").asText()));
                return new Template(name, List.copyOf(patterns), Map.copyOf(types));
            } catch (IOException e) {
                throw new UncheckedIOException(resource, e);
            }
        }

        /**
         * True if the data view title (comma-separated index patterns) covers this template's
         * indices: each part equals one of its patterns or is a wildcard-free pattern plus "*".
         */
        boolean matchesTitle(String title) {
            for (String part : title.split(",")) {
                String p = part.trim();
                boolean matches =
                        indexPatterns.contains(p)
                                || (p.endsWith("*")
                                        && indexPatterns.contains(p.substring(0, p.length() - 1)));
                if (!matches) {
                    return false;
                }
            }
            return true;
        }
    }

    private record DataView(String id, Template template, Map<String, String> fieldTypes) {}

    private final List<Template> templates;
    private final List<String> problems = new ArrayList<>();
    private final Map<String, Located> byKey = new HashMap<>();
    private final Map<String, DataView> dataViews = new HashMap<>();

    SavedObjectsCheck(List<Template> templates) {
        this.templates = List.copyOf(templates);
    }

    /** Runs every check over the objects of all files together; returns the problems found. */
    List<String> check(List<Located> objects) {
        problems.clear();
        byKey.clear();
        dataViews.clear();
        for (Located o : objects) {
            if (o.id().isEmpty() || o.type().isEmpty()) {
                problems.add(o.where() + ": a saved object needs both 'type' and 'id'");
            } else if (byKey.put(key(o.type(), o.id()), o) != null) {
                problems.add(o.where() + ": the same type and id appear twice");
            }
        }
        objects.stream().filter(o -> o.type().equals("index-pattern")).forEach(this::checkDataView);
        for (Located o : objects) {
            checkReferences(o);
            switch (o.type()) {
                case "lens" -> checkLens(o);
                case "search" -> checkSearch(o);
                case "dashboard" -> checkDashboard(o);
                case "index-pattern" -> {}
                default -> problems.add(o.where() + ": unexpected saved object type");
            }
        }
        return List.copyOf(problems);
    }

    private static String key(String type, String id) {
        return type + "/" + id;
    }

    private void checkDataView(Located o) {
        JsonNode attrs = o.object().path("attributes");
        String title = attrs.path("title").asText();
        List<Template> matching = templates.stream().filter(t -> t.matchesTitle(title)).toList();
        if (matching.size() != 1) {
            problems.add(
                    o.where()
                            + ": title '"
                            + title
                            + "' matches "
                            + matching.size()
                            + " index templates; it must match exactly one of "
                            + templates.stream().map(Template::indexPatterns).toList());
            return;
        }
        Template template = matching.get(0);
        Map<String, String> types = new HashMap<>(template.fieldTypes());
        JsonNode runtime =
                parseEmbedded(o, "attributes.runtimeFieldMap", attrs.path("runtimeFieldMap"));
        runtime.fields()
                .forEachRemaining(
                        f -> {
                            String type = f.getValue().path("type").asText();
                            if (!RUNTIME_TYPES.contains(type)) {
                                problems.add(
                                        o.where()
                                                + ": runtime field '"
                                                + f.getKey()
                                                + "' has type '"
                                                + type
                                                + "', not a runtime field type "
                                                + RUNTIME_TYPES);
                            }
                            Matcher m =
                                    SCRIPT_DOC_FIELD.matcher(
                                            f.getValue().path("script").path("source").asText());
                            while (m.find()) {
                                requireField(
                                        o,
                                        template.fieldTypes(),
                                        template.name(),
                                        m.group(1),
                                        Need.ANY,
                                        "runtime field '" + f.getKey() + "' script");
                            }
                            types.put(f.getKey(), type);
                        });
        DataView view = new DataView(o.id(), template, Map.copyOf(types));
        dataViews.put(o.id(), view);
        String timeField = attrs.path("timeFieldName").asText();
        if (timeField.isEmpty()) {
            problems.add(o.where() + ": no timeFieldName");
        } else {
            require(o, view, timeField, Need.DATE, "timeFieldName");
        }
        for (String embedded : List.of("fieldFormatMap", "fieldAttrs")) {
            parseEmbedded(o, "attributes." + embedded, attrs.path(embedded))
                    .fieldNames()
                    .forEachRemaining(f -> require(o, view, f, Need.ANY, embedded));
        }
    }

    private void checkReferences(Located o) {
        Set<String> names = new HashSet<>();
        for (JsonNode ref : o.object().path("references")) {
            String name = ref.path("name").asText();
            if (!names.add(name)) {
                problems.add(o.where() + ": reference name '" + name + "' appears twice");
            }
            String type = ref.path("type").asText();
            String id = ref.path("id").asText();
            if (!byKey.containsKey(key(type, id))) {
                problems.add(
                        o.where()
                                + ": reference '"
                                + name
                                + "' points to "
                                + type
                                + " '"
                                + id
                                + "', which is in none of the files");
            }
        }
    }

    /** The data view a named reference of the object points to, or null (reported). */
    private DataView viewOf(Located o, String referenceName) {
        for (JsonNode ref : o.object().path("references")) {
            if (ref.path("name").asText().equals(referenceName)) {
                if (!ref.path("type").asText().equals("index-pattern")) {
                    problems.add(
                            o.where() + ": reference '" + referenceName + "' is not a data view");
                    return null;
                }
                return dataViews.get(ref.path("id").asText());
            }
        }
        problems.add(o.where() + ": no reference named '" + referenceName + "'");
        return null;
    }

    private void checkLens(Located o) {
        JsonNode state = o.object().path("attributes").path("state");
        JsonNode layers = state.path("datasourceStates").path("formBased").path("layers");
        if (!layers.isObject() || layers.isEmpty()) {
            problems.add(o.where() + ": no state.datasourceStates.formBased.layers");
            return;
        }
        Set<DataView> views = new LinkedHashSet<>();
        Set<String> columnIds = new HashSet<>();
        layers.fields()
                .forEachRemaining(
                        layer -> {
                            DataView view =
                                    viewOf(o, "indexpattern-datasource-layer-" + layer.getKey());
                            if (view == null) {
                                return;
                            }
                            views.add(view);
                            checkLensLayer(o, view, layer.getKey(), layer.getValue(), columnIds);
                        });
        for (DataView view : views) {
            requireQuery(o, view, state.path("query"), "state.query");
            requireFilters(o, view, state.path("filters"), "state.filters");
        }
        checkAccessors(o, state.path("visualization"), columnIds);
    }

    private void checkLensLayer(
            Located o, DataView view, String layerId, JsonNode layer, Set<String> columnIds) {
        Set<String> ids = new HashSet<>();
        layer.path("columns")
                .fields()
                .forEachRemaining(
                        c -> {
                            ids.add(c.getKey());
                            columnIds.add(c.getKey());
                            JsonNode column = c.getValue();
                            String operation = column.path("operationType").asText();
                            String what = "Lens column '" + c.getKey() + "' (" + operation + ")";
                            JsonNode source = column.get("sourceField");
                            if (source != null
                                    && !(operation.equals("count")
                                            && source.asText().equals(RECORDS))) {
                                Need need = LENS_OPERATIONS.getOrDefault(operation, Need.ANY);
                                require(o, view, source.asText(), need, what);
                            }
                            requireQuery(o, view, column.path("filter"), what + " filter");
                            JsonNode sortField = column.path("params").path("sortField");
                            if (sortField.isTextual()) {
                                require(
                                        o,
                                        view,
                                        sortField.asText(),
                                        Need.SORTABLE,
                                        what + " sortField");
                            }
                        });
        for (JsonNode id : layer.path("columnOrder")) {
            if (!ids.contains(id.asText())) {
                problems.add(
                        o.where()
                                + ": layer '"
                                + layerId
                                + "' lists column '"
                                + id.asText()
                                + "' in columnOrder but has no such column");
            }
        }
    }

    /** Every accessor the visualization names must be a column of some layer. */
    private void checkAccessors(Located o, JsonNode visualization, Set<String> columnIds) {
        List<String> accessors = new ArrayList<>();
        for (String field :
                List.of("metricAccessor", "breakdownByAccessor", "accessor", "xAccessor")) {
            if (visualization.path(field).isTextual()) {
                accessors.add(visualization.path(field).asText());
            }
        }
        visualization.path("columns").forEach(c -> accessors.add(c.path("columnId").asText()));
        for (JsonNode layer : visualization.path("layers")) {
            layer.path("accessors").forEach(a -> accessors.add(a.asText()));
            for (String field : List.of("xAccessor", "splitAccessor")) {
                if (layer.path(field).isTextual()) {
                    accessors.add(layer.path(field).asText());
                }
            }
            layer.path("yConfig").forEach(y -> accessors.add(y.path("forAccessor").asText()));
        }
        for (String accessor : accessors) {
            if (!columnIds.contains(accessor)) {
                problems.add(
                        o.where()
                                + ": visualization uses column '"
                                + accessor
                                + "' that no layer has");
            }
        }
    }

    private void checkSearch(Located o) {
        JsonNode attrs = o.object().path("attributes");
        JsonNode source =
                parseEmbedded(
                        o,
                        "kibanaSavedObjectMeta.searchSourceJSON",
                        attrs.path("kibanaSavedObjectMeta").path("searchSourceJSON"));
        DataView view = viewOf(o, source.path("indexRefName").asText());
        if (view == null) {
            return;
        }
        attrs.path("columns").forEach(c -> require(o, view, c.asText(), Need.ANY, "column"));
        for (JsonNode sort : attrs.path("sort")) {
            require(o, view, sort.path(0).asText(), Need.SORTABLE, "sort");
        }
        requireQuery(o, view, source.path("query"), "query");
        requireFilters(o, view, source.path("filter"), "filter");
    }

    private void checkDashboard(Located o) {
        JsonNode attrs = o.object().path("attributes");
        Set<String> referenceNames = new HashSet<>();
        o.object().path("references").forEach(r -> referenceNames.add(r.path("name").asText()));
        Set<DataView> views = new LinkedHashSet<>();
        JsonNode panels = parseEmbedded(o, "attributes.panelsJSON", attrs.path("panelsJSON"));
        for (JsonNode panel : panels) {
            String refName = panel.path("panelRefName").asText();
            if (refName.isEmpty()) {
                problems.add(
                        o.where()
                                + ": panel '"
                                + panel.path("panelIndex").asText()
                                + "' has no panelRefName (only saved objects by reference are checked)");
            } else if (!referenceNames.contains(refName)) {
                problems.add(o.where() + ": panelRefName '" + refName + "' has no reference");
            } else {
                views.addAll(viewsOfPanel(o, refName));
            }
        }
        JsonNode controls =
                parseEmbedded(
                        o,
                        "attributes.controlGroupInput.panelsJSON",
                        attrs.path("controlGroupInput").path("panelsJSON"));
        controls.fields()
                .forEachRemaining(
                        c -> {
                            String type = c.getValue().path("type").asText();
                            String field =
                                    c.getValue().path("explicitInput").path("fieldName").asText();
                            Need need;
                            String refName;
                            if (type.equals("optionsListControl")) {
                                need = Need.OPTIONS;
                                refName = "controlGroup_" + c.getKey() + ":optionsListDataView";
                            } else if (type.equals("rangeSliderControl")) {
                                need = Need.NUMBER;
                                refName = "controlGroup_" + c.getKey() + ":rangeSliderDataView";
                            } else {
                                problems.add(
                                        o.where()
                                                + ": control '"
                                                + c.getKey()
                                                + "' has unknown type "
                                                + type);
                                return;
                            }
                            DataView view = viewOf(o, refName);
                            if (view != null) {
                                views.add(view);
                                require(o, view, field, need, "control '" + c.getKey() + "'");
                            }
                        });
        JsonNode source =
                parseEmbedded(
                        o,
                        "kibanaSavedObjectMeta.searchSourceJSON",
                        attrs.path("kibanaSavedObjectMeta").path("searchSourceJSON"));
        for (DataView view : views) {
            requireQuery(o, view, source.path("query"), "dashboard query");
            requireFilters(o, view, source.path("filter"), "dashboard filter");
        }
    }

    /** The data views behind a dashboard panel's saved object. */
    private List<DataView> viewsOfPanel(Located dashboard, String refName) {
        for (JsonNode ref : dashboard.object().path("references")) {
            if (ref.path("name").asText().equals(refName)) {
                Located target = byKey.get(key(ref.path("type").asText(), ref.path("id").asText()));
                if (target == null) {
                    return List.of();
                }
                List<DataView> views = new ArrayList<>();
                for (JsonNode r : target.object().path("references")) {
                    DataView view = dataViews.get(r.path("id").asText());
                    if (r.path("type").asText().equals("index-pattern") && view != null) {
                        views.add(view);
                    }
                }
                return views;
            }
        }
        return List.of();
    }

    private void requireQuery(Located o, DataView view, JsonNode query, String what) {
        if (!query.path("language").asText("kuery").equals("kuery")) {
            problems.add(o.where() + ": " + what + " is not KQL; only KQL queries are checked");
            return;
        }
        String text = QUOTED.matcher(query.path("query").asText()).replaceAll("\"\"");
        Matcher m = KQL_FIELD.matcher(text);
        while (m.find()) {
            Need need = m.group(2).equals(":") ? Need.ANY : Need.NUMBER_OR_DATE;
            require(o, view, m.group(1), need, what + " '" + query.path("query").asText() + "'");
        }
    }

    private void requireFilters(Located o, DataView view, JsonNode filters, String what) {
        for (JsonNode filter : filters) {
            JsonNode key = filter.path("meta").path("key");
            if (key.isTextual()) {
                require(o, view, key.asText(), Need.ANY, what + " meta.key");
            }
            filter.path("query")
                    .path("match_phrase")
                    .fieldNames()
                    .forEachRemaining(f -> require(o, view, f, Need.ANY, what + " match_phrase"));
            requireQuery(o, view, filter.path("query"), what);
        }
    }

    private void require(Located o, DataView view, String field, Need need, String what) {
        requireField(
                o,
                view.fieldTypes(),
                view.template().name() + " (data view '" + view.id() + "')",
                field,
                need,
                what);
    }

    private void requireField(
            Located o,
            Map<String, String> types,
            String templateName,
            String field,
            Need need,
            String what) {
        String type = types.get(field);
        if (type == null) {
            problems.add(
                    o.where()
                            + ": field '"
                            + field
                            + "' used by "
                            + what
                            + " is not in index template "
                            + templateName);
        } else if (!need.accepts(type)) {
            problems.add(
                    o.where()
                            + ": field '"
                            + field
                            + "' used by "
                            + what
                            + " has type '"
                            + type
                            + "' in index template "
                            + templateName
                            + ", which needs "
                            + need.description);
        }
    }

    /** Parses a JSON document stored as a string attribute; a missing one reads as empty. */
    private JsonNode parseEmbedded(Located o, String name, JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return JSON.createObjectNode();
        }
        if (!value.isTextual()) {
            problems.add(
                    o.where() + ": " + name + " must be a JSON string, not " + value.getNodeType());
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(value.asText());
        } catch (JsonProcessingException e) {
            problems.add(o.where() + ": " + name + " is not valid JSON: " + e.getOriginalMessage());
            return JSON.createObjectNode();
        }
    }
}

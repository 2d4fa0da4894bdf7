package org.medwarn.sink.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.medwarn.avro.CadencePerson;
import org.medwarn.avro.Category;
import org.medwarn.avro.Feedback;
import org.medwarn.avro.Level;
import org.medwarn.avro.Screening;
import org.medwarn.avro.TownshipLevelCount;
import org.medwarn.ingest.MonitoringEvent;
import org.medwarn.policy.PolicyHistory;
import org.medwarn.policy.PolicyLoader;
import org.medwarn.region.RegionDirectory;
import org.medwarn.time.ChinaTime;

/**
 * The screening and feedback documents: deterministic ids and op index, region names, money as
 * cents + text, China-time ISO dates, and every field (also inside {@code persons} and {@code
 * counts}) present in the index template with a type the value fits ({@code dynamic: strict}).
 */
class CadenceSearchDocumentsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SearchDocuments DOCUMENTS =
            new SearchDocuments(
                    RegionDirectory.defaultDirectory(),
                    PolicyHistory.of(PolicyLoader.defaultPolicy()));
    private static final long T = ChinaTime.parse("2025-04-01 00:00:00");

    private static CadencePerson person(String township) {
        return CadencePerson.newBuilder()
                .setPsnNo("P001")
                .setYear(2025)
                .setCategory(Category.ASSISTED)
                .setIdentity("低保对象")
                .setLevel(Level.BLUE)
                .setAnnualSelfPay(new BigDecimal("30000.05"))
                .setTownshipCode(township)
                .setVillageCode(township == null ? null : township + "001")
                .setRegistryMissing(township == null)
                .setLevelReachedTime(Instant.ofEpochMilli(T - 1000))
                .setLastEventTime(Instant.ofEpochMilli(T - 1000))
                .setIsNew(true)
                .build();
    }

    @Test
    void screeningDocumentMatchesTheTemplate() throws Exception {
        Screening s =
                Screening.newBuilder()
                        .setScreeningId("ASSISTED-371525-202504010000")
                        .setCategory(Category.ASSISTED)
                        .setCountyCode("371525")
                        .setScreeningTime(Instant.ofEpochMilli(T))
                        .setPreviousScreeningTime(null)
                        .setSchedule("weekly MON,THU 00:00")
                        .setPolicyVersion("default-2022")
                        .setPersonCount(2)
                        .setNewCount(2)
                        .setLateCount(0)
                        .setCounts(
                                List.of(
                                        new TownshipLevelCount(null, Level.BLUE, 1),
                                        new TownshipLevelCount("371525101", Level.BLUE, 1)))
                        .setPersons(List.of(person("371525101"), person(null)))
                        .build();
        SearchDocument doc = DOCUMENTS.screening(s);

        assertThat(doc)
                .isEqualTo(
                        SearchDocument.replace(
                                IndexTemplates.SCREENINGS,
                                "ASSISTED-371525-202504010000",
                                doc.source));
        assertThat(DOCUMENTS.screening(s)).isEqualTo(doc);
        JsonNode d = JSON.readTree(doc.source);
        assertThat(d.get("county_name").asText()).isEqualTo("冠县");
        assertThat(d.get("screening_time").asText()).isEqualTo("2025-04-01T00:00:00+08:00");
        assertThat(d.get("previous_screening_time").isNull()).isTrue();
        assertThat(d.get("counts").get(1).get("township_name").asText()).isEqualTo("贾镇");
        JsonNode p = d.get("persons").get(0);
        assertThat(p.get("annual_self_pay_cents").asLong()).isEqualTo(3_000_005L);
        assertThat(p.get("annual_self_pay_text").asText()).isEqualTo("30000.05");
        assertThat(p.get("township_name").asText()).isEqualTo("贾镇");
        assertThat(p.has("psn_name_masked")).isFalse();
        assertThat(mismatches(IndexTemplates.SCREENINGS, d)).isEmpty();
    }

    @Test
    void feedbackDocumentsMatchTheTemplate() throws Exception {
        Feedback scheduled =
                Feedback.newBuilder()
                        .setFeedbackId("371525101-BLUE-202504010000")
                        .setLevel(Level.BLUE)
                        .setCountyCode("371525")
                        .setTownshipCode("371525101")
                        .setFeedbackTime(Instant.ofEpochMilli(T))
                        .setPreviousFeedbackTime(Instant.ofEpochMilli(T - 86_400_000L))
                        .setSchedule("monthly 1 00:00")
                        .setPolicyVersion("default-2022")
                        .setPersonCount(1)
                        .setNewCount(1)
                        .setPersons(List.of(person("371525101")))
                        .build();
        Feedback immediate =
                Feedback.newBuilder(scheduled)
                        .setFeedbackId("W-P001-2025-1")
                        .setLevel(Level.RED)
                        .setTownshipCode(null)
                        .setImmediate(true)
                        .setSchedule("immediate")
                        .setWarningSequence(1)
                        .setFromLevel(Level.YELLOW)
                        .setSetlId("S9")
                        .setPersons(List.of(person(null)))
                        .build();

        SearchDocument doc = DOCUMENTS.feedback(scheduled);
        assertThat(doc)
                .isEqualTo(
                        SearchDocument.replace(
                                IndexTemplates.FEEDBACK,
                                "371525101-BLUE-202504010000",
                                doc.source));
        JsonNode d = JSON.readTree(doc.source);
        assertThat(d.get("township_name").asText()).isEqualTo("贾镇");
        assertThat(d.get("previous_feedback_time").asText()).endsWith("+08:00");
        assertThat(mismatches(IndexTemplates.FEEDBACK, d)).isEmpty();

        SearchDocument red = DOCUMENTS.feedback(immediate);
        assertThat(red.id).isEqualTo("W-P001-2025-1");
        JsonNode r = JSON.readTree(red.source);
        assertThat(r.get("from_level").asText()).isEqualTo("YELLOW");
        assertThat(r.get("level_rank").asInt()).isEqualTo(3);
        assertThat(r.get("township_name").isNull()).isTrue();
        assertThat(mismatches(IndexTemplates.FEEDBACK, r)).isEmpty();
    }

    @Test
    void settlementDocumentFollowsItsTemplateAndIsWrittenOnceBySetlId() throws Exception {
        MonitoringEvent e = new MonitoringEvent();
        e.type = MonitoringEvent.Type.SETTLEMENT;
        e.psnNo = "P001";
        e.setlId = "S2";
        e.initSetlId = "S1";
        e.eventTime = ChinaTime.parse("2025-12-31 23:30:00");
        e.psnPartCents = -12_345;
        e.fulamtOwnpayCents = 0;
        e.insuAdmdvs = "371525";
        SearchDocument d = SearchDocuments.settlement(e);
        assertThat(d.index).isEqualTo(IndexTemplates.SETTLEMENTS);
        assertThat(d.id).isEqualTo("S2");
        assertThat(d.op).isEqualTo(SearchDocument.Op.CREATE);
        JsonNode s = JSON.readTree(d.source);
        assertThat(s.get("year").asInt()).isEqualTo(2025);
        assertThat(s.get("setl_time").asText()).isEqualTo("2025-12-31T23:30:00+08:00");
        assertThat(s.get("psn_part_amt_text").asText()).isEqualTo("-123.45");
        assertThat(s.get("reversal").asBoolean()).isTrue();
        assertThat(s.get("init_setl_id").asText()).isEqualTo("S1");
        assertThat(mismatches(IndexTemplates.SETTLEMENTS, s)).isEmpty();
    }

    @Test
    void everyIndexHasATemplate() {
        assertThat(IndexTemplates.INDICES)
                .contains(IndexTemplates.SCREENINGS, IndexTemplates.FEEDBACK);
        for (String index : IndexTemplates.INDICES) {
            assertThat(IndexTemplates.template(index)).contains("\"dynamic\": \"strict\"");
        }
    }

    // ---------------------------------------------------------------------------------------

    private static final Set<String> INTEGRAL = Set.of("long", "integer", "short", "byte");
    private static final Set<String> TEXTUAL = Set.of("keyword", "text", "date");

    /** Fields of {@code doc} missing from the index template or with a value its type refuses. */
    private static List<String> mismatches(String index, JsonNode doc) throws Exception {
        JsonNode mappings = JSON.readTree(IndexTemplates.template(index)).at("/template/mappings");
        assertThat(mappings.get("dynamic").asText()).isEqualTo("strict");
        List<String> problems = new ArrayList<>();
        check(mappings.get("properties"), doc, "", problems);
        return problems;
    }

    private static void check(JsonNode properties, JsonNode doc, String path, List<String> out) {
        Iterator<Map.Entry<String, JsonNode>> fields = doc.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String name = path + f.getKey();
            JsonNode mapping = properties.get(f.getKey());
            JsonNode value = f.getValue();
            if (mapping == null) {
                out.add(name + " is not in the template");
                continue;
            }
            String type = mapping.path("type").asText("object");
            if (value.isNull()) {
                continue;
            }
            if (type.equals("nested") || type.equals("object")) {
                if (!value.isArray() && !value.isObject()) {
                    out.add(name + " is " + value + ", not an object");
                    continue;
                }
                for (JsonNode element : value.isArray() ? value : List.of(value)) {
                    check(mapping.get("properties"), element, name + ".", out);
                }
            } else if (INTEGRAL.contains(type)
                    ? !value.isIntegralNumber()
                    : type.equals("boolean")
                            ? !value.isBoolean()
                            : TEXTUAL.contains(type) && !value.isTextual()) {
                out.add(name + " = " + value + " does not fit type " + type);
            }
        }
    }
}

package org.medwarn.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.medwarn.console.Json.arr;
import static org.medwarn.console.Json.obj;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The console's pure logic: formatting, masking, parameter checks, reading search answers. */
class ConsoleLogicTest {

    @Test
    void yuanTextIsExactWithGrouping() {
        assertThat(Yuan.text(0)).isEqualTo("0.00");
        assertThat(Yuan.text(5)).isEqualTo("0.05");
        assertThat(Yuan.text(123_456_789_01L)).isEqualTo("123,456,789.01");
        assertThat(Yuan.text(-30_000_00L)).isEqualTo("-30,000.00");
        assertThat(Yuan.text(9_007_199_254_740_993L)).isEqualTo("90,071,992,547,409.93");
    }

    @Test
    void personNumbersAreMaskedInLists() {
        assertThat(Masks.psnNo("P000001234")).isEqualTo("P00****234");
        assertThat(Masks.psnNo("ABC")).isEqualTo("A**");
        assertThat(Masks.psnNo("")).isEmpty();
    }

    @Test
    void queueFilterRejectsBadValuesNamingThem() {
        Map<String, String> ok =
                Map.of("township", "371525101", "level", "RED", "page", "2", "size", "5");
        QueueFilter f = QueueFilter.of(ok::get);
        assertThat(f.township()).isEqualTo("371525101");
        assertThat(f.level()).isEqualTo("RED");
        assertThat(f.category()).isNull();
        assertThat(f.page()).isEqualTo(2);
        assertThat(QueueQuery.request(f, null).get("from").asInt()).isEqualTo(5);

        assertThatThrownBy(() -> QueueFilter.of(Map.of("level", "red")::get))
                .hasMessage("level: 'red' is not one of NONE, BLUE, YELLOW, RED");
        assertThatThrownBy(() -> QueueFilter.of(Map.of("category", "X")::get))
                .hasMessageStartingWith("category: 'X'");
        assertThatThrownBy(() -> QueueFilter.of(Map.of("township", "37\"}")::get))
                .hasMessageStartingWith("township: '37\"}'");
        assertThatThrownBy(() -> QueueFilter.of(Map.of("size", "1000")::get))
                .hasMessage("size: 1000 is not between 1 and 100");
        assertThatThrownBy(() -> QueueFilter.of(Map.of("year", "20x5")::get))
                .hasMessage("year: '20x5' is not a whole number");
        assertThatThrownBy(() -> PersonQuery.validPsnNo("a b"))
                .hasMessageStartingWith("psn_no: 'a b'");
    }

    @Test
    void queueFiltersGoToThePostFilterSoFacetsSeeTheWholeQueue() {
        JsonNode q = QueueQuery.request(QueueFilter.of(Map.of("category", "ASSISTED")::get), null);
        assertThat(q.at("/query/bool/filter/0/terms/status"))
                .containsExactlyElementsOf(
                        Indices.OPEN_STATUSES.stream()
                                .map(com.fasterxml.jackson.databind.node.TextNode::new)
                                .toList());
        assertThat(q.at("/post_filter/bool/filter/0/term/category").asText()).isEqualTo("ASSISTED");
        assertThat(q.at("/sort/0/to_level_rank/order").asText()).isEqualTo("desc");
        assertThat(q.at("/sort/1/event_time/order").asText()).isEqualTo("asc");
    }

    @Test
    void aTownshipOfficersQueueIsLimitedInTheQueryItselfSoFacetsShowNoOtherTownship() {
        JsonNode q = QueueQuery.request(QueueFilter.of(Map.<String, String>of()::get), "371525101");
        assertThat(q.at("/query/bool/filter/1/term/township_code").asText()).isEqualTo("371525101");
        JsonNode p = PersonQuery.historyRequest("P1", "371525101");
        assertThat(p.at("/query/bool/filter/0/term/psn_no").asText()).isEqualTo("P1");
        assertThat(p.at("/query/bool/filter/1/term/township_code").asText()).isEqualTo("371525101");
        assertThat(PersonQuery.ledgerRequest("P1", null).at("/query/term/psn_no").asText())
                .isEqualTo("P1");
    }

    @Test
    void overviewReadsSumsExactlyAndFillsMissingLevels() {
        JsonNode byLevel =
                obj(
                        "buckets",
                        arr(
                                obj(
                                        "key",
                                        "RED",
                                        "persons",
                                        obj("value", 2.0),
                                        "self_pay",
                                        obj("value", 70000000.0)),
                                obj(
                                        "key",
                                        "NONE",
                                        "persons",
                                        obj("value", 5.0),
                                        "self_pay",
                                        obj("value", 100.0))));
        JsonNode response =
                obj(
                        "aggregations",
                        obj(
                                "county",
                                obj(
                                        "as_of", obj("value", 1751256000000L),
                                        "name", obj("buckets", arr(obj("key", "冠县"))),
                                        "by_level", byLevel,
                                        "by_category",
                                                obj(
                                                        "buckets",
                                                        arr(
                                                                obj(
                                                                        "key",
                                                                        "ORDINARY",
                                                                        "by_level",
                                                                        byLevel)))),
                                "townships",
                                obj("by_code", obj("buckets", arr()))));
        JsonNode o = OverviewQuery.parse(2025, response);
        assertThat(o.at("/county_name").asText()).isEqualTo("冠县");
        assertThat(o.at("/as_of").asText()).isEqualTo("2025-06-30T12:00:00+08:00");
        assertThat(o.at("/levels/RED/persons").asLong()).isEqualTo(2);
        assertThat(o.at("/levels/BLUE/persons").asLong()).isZero();
        assertThat(o.at("/warned/persons").asLong()).isEqualTo(2);
        assertThat(o.at("/warned/self_pay_text").asText()).isEqualTo("700,000.00");
        assertThat(o.at("/categories/ASSISTED/warned").asLong()).isZero();
        assertThat(o.at("/categories/ORDINARY/RED").asLong()).isEqualTo(2);
    }

    @Test
    void aSumBeyondExactDoublesIsAnErrorNotARoundedAmount() {
        assertThat(Json.exactLong(obj("value", 12.0), "x")).isEqualTo(12);
        assertThat(Json.exactLong(obj("value", null), "x")).isZero();
        assertThatThrownBy(
                        () ->
                                Json.exactLong(
                                        obj("value", Json.MAPPER.getNodeFactory().numberNode(1e17)),
                                        "self_pay"))
                .hasMessageContaining("self_pay");
        assertThatThrownBy(
                        () ->
                                Json.exactLong(
                                        obj("value", Json.MAPPER.getNodeFactory().numberNode(1.5)),
                                        "p"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void optionsNameTheBadOne() {
        ConsoleOptions o =
                ConsoleOptions.parse(new String[] {"--search", "http://h:9200", "--port", "9090"});
        assertThat(o.port()).isEqualTo(9090);
        assertThatThrownBy(() -> ConsoleOptions.parse(new String[] {"--prot", "1"}))
                .hasMessage("unknown option '--prot'");
        assertThatThrownBy(() -> ConsoleOptions.parse(new String[] {"--port", "x"}))
                .hasMessage("--port: 'x' is not a whole number");
        assertThatThrownBy(() -> new SearchClient("localhost:9200"))
                .hasMessageContaining("--search: 'localhost:9200'");
    }
}

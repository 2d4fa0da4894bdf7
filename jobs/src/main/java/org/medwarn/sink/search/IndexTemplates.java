package org.medwarn.sink.search;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NStringEntity;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;

/**
 * The indices and their composable index templates (the document contract, in {@code
 * medwarn/search/<index>.json}), installed idempotently at job start: {@code PUT
 * _index_template/<index>} (replaces an older template of the same name), then each index is
 * created if it does not exist yet, so its mapping is the template's from the first document on; an
 * existing index gets the fields its template gained ({@code PUT <index>/_mapping}).
 */
public final class IndexTemplates {
    public static final String LEDGER = "medwarn-ledger";
    public static final String WARNINGS = "medwarn-warnings";
    public static final String AGGREGATES = "medwarn-aggregates";
    public static final String SCREENINGS = "medwarn-screenings";
    public static final String FEEDBACK = "medwarn-feedback";

    /** 结算明细: the settlements received, for the console's person page. */
    public static final String SETTLEMENTS = "medwarn-settlements";

    public static final List<String> INDICES =
            List.of(LEDGER, WARNINGS, AGGREGATES, SCREENINGS, FEEDBACK, SETTLEMENTS);

    private IndexTemplates() {}

    /** The template body of an index, from the classpath. */
    public static String template(String index) {
        String resource = "/medwarn/search/" + index + ".json";
        try (InputStream in = IndexTemplates.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Installs the templates and creates missing indices, with a client of the settings. */
    public static void install(SearchSettings settings) throws IOException {
        try (RestClient client = SearchClients.create(settings)) {
            install(client);
        }
    }

    /**
     * Installs the templates and creates missing indices.
     *
     * @throws IOException naming the template or index when the search engine refuses it
     */
    public static void install(RestClient client) throws IOException {
        for (String index : INDICES) {
            Request put = new Request("PUT", "/_index_template/" + index);
            put.setEntity(new NStringEntity(template(index), ContentType.APPLICATION_JSON));
            perform(client, put, "index template " + index);
            Response head = client.performRequest(new Request("HEAD", "/" + index));
            if (head.getStatusLine().getStatusCode() != 404) {
                // An index of an earlier version: add the fields the template gained (additive
                // only; a changed field type is refused and reported).
                Request mapping = new Request("PUT", "/" + index + "/_mapping");
                mapping.setEntity(
                        new NStringEntity(
                                SearchDocuments.JSON
                                        .readTree(template(index))
                                        .path("template")
                                        .path("mappings")
                                        .toString(),
                                ContentType.APPLICATION_JSON));
                perform(client, mapping, "mapping update of index " + index);
            } else {
                try {
                    client.performRequest(new Request("PUT", "/" + index));
                } catch (ResponseException e) {
                    // Another job instance created it in between: fine.
                    if (!String.valueOf(e.getMessage())
                            .contains("resource_already_exists_exception")) {
                        throw new IOException(
                                "cannot create index " + index + ": " + e.getMessage(), e);
                    }
                }
            }
        }
    }

    private static void perform(RestClient client, Request request, String what)
            throws IOException {
        try {
            client.performRequest(request);
        } catch (ResponseException e) {
            throw new IOException("search engine refused " + what + ": " + e.getMessage(), e);
        }
    }
}

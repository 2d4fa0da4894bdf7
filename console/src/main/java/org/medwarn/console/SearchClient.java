package org.medwarn.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.apache.http.impl.nio.client.HttpAsyncClientBuilder;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;

/**
 * The console's only access to data: {@code _search} requests with plain JSON bodies against the
 * search engine (Elasticsearch or OpenSearch; the low-level REST client speaks to both).
 *
 * <p>Contract: a missing index reads as empty (the job may not have written yet); an unreachable
 * engine raises {@link SearchUnavailableException} quickly (2 s connect timeout) so that pages can
 * say so; any other error answer raises {@link SearchQueryException} with the engine's reason.
 */
public final class SearchClient implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MS = 2_000;
    private static final int SOCKET_TIMEOUT_MS = 15_000;

    private final String url;
    private final RestClient client;

    /** A client with basic-auth credentials from the environment (see {@link #credentials}). */
    public SearchClient(String url) {
        this(url, System.getenv("MEDWARN_SEARCH_USER"), System.getenv("MEDWARN_SEARCH_PASSWORD"));
    }

    /**
     * A client that sends basic-auth credentials when {@code user} and {@code password} are both
     * set: they stay in this server, never in a page or an API answer.
     */
    public SearchClient(String url, String user, String password) {
        this.url = url;
        URI uri = URI.create(url);
        if (uri.getHost() == null || uri.getScheme() == null) {
            throw new IllegalArgumentException(
                    "--search: '" + url + "' is not a URL like http://127.0.0.1:9200");
        }
        int port =
                uri.getPort() == -1 ? ("https".equals(uri.getScheme()) ? 443 : 80) : uri.getPort();
        this.client =
                RestClient.builder(new HttpHost(uri.getHost(), port, uri.getScheme()))
                        .setRequestConfigCallback(
                                c ->
                                        c.setConnectTimeout(CONNECT_TIMEOUT_MS)
                                                .setSocketTimeout(SOCKET_TIMEOUT_MS))
                        .setHttpClientConfigCallback(http -> credentials(http, user, password))
                        .build();
    }

    /**
     * Basic auth (in production from the environment: {@code MEDWARN_SEARCH_USER}, {@code
     * MEDWARN_SEARCH_PASSWORD}) when set: the credentials stay in this server, never in a page.
     */
    private static HttpAsyncClientBuilder credentials(
            HttpAsyncClientBuilder http, String user, String password) {
        if (user == null || password == null) {
            return http;
        }
        BasicCredentialsProvider provider = new BasicCredentialsProvider();
        provider.setCredentials(AuthScope.ANY, new UsernamePasswordCredentials(user, password));
        return http.setDefaultCredentialsProvider(provider);
    }

    /** The base URL of the search engine, as given. */
    public String url() {
        return url;
    }

    /**
     * Runs {@code body} as a search over {@code indices} (comma-separated names or patterns).
     *
     * @return the parsed response (hits, aggregations)
     */
    public JsonNode search(String indices, JsonNode body) {
        Request request = new Request("POST", "/" + indices + "/_search");
        request.addParameter("ignore_unavailable", "true");
        request.addParameter("allow_no_indices", "true");
        request.setJsonEntity(body.toString());
        return perform(request, "search " + indices);
    }

    /** Checks that the engine answers (GET /). */
    public void ping() {
        perform(new Request("GET", "/"), "ping");
    }

    private JsonNode perform(Request request, String what) {
        try {
            Response response = client.performRequest(request);
            return Json.MAPPER.readTree(
                    EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8));
        } catch (ResponseException e) {
            String reason;
            try {
                reason = EntityUtils.toString(e.getResponse().getEntity(), StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException ignored) {
                reason = e.getMessage();
            }
            throw new SearchQueryException(
                    what
                            + ": search engine answered "
                            + e.getResponse().getStatusLine().getStatusCode()
                            + ": "
                            + reason,
                    e);
        } catch (IOException e) {
            // Connection refused, timeouts, unknown host: anything but an answer from the engine.
            throw new SearchUnavailableException(url, e);
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}

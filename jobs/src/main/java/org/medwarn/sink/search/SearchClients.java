package org.medwarn.sink.search;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;

/** Builds the low-level REST client from {@link SearchSettings}: hosts, auth and TLS trust. */
public final class SearchClients {
    private SearchClients() {}

    /**
     * The documents a search of {@code index} finds now ({@code GET /index/_count}).
     *
     * @throws IOException when the request fails (the client's message names the URI, status and
     *     answer)
     */
    public static long count(RestClient client, String index) throws IOException {
        Response r = client.performRequest(new Request("GET", "/" + index + "/_count"));
        return SearchDocuments.JSON.readTree(r.getEntity().getContent()).path("count").asLong();
    }

    /**
     * A REST client for the settings' hosts with basic auth or an API key as a default header and,
     * for https with a CA file, an SSL context trusting exactly those certificates.
     *
     * @throws IllegalArgumentException naming the CA file when it cannot be read as PEM
     */
    public static RestClient create(SearchSettings s) {
        HttpHost[] hosts = s.hosts().stream().map(HttpHost::create).toArray(HttpHost[]::new);
        RestClientBuilder b = RestClient.builder(hosts);
        List<Header> headers = new ArrayList<>();
        if (s.username() != null) {
            String token =
                    Base64.getEncoder()
                            .encodeToString(
                                    (s.username() + ":" + s.password())
                                            .getBytes(StandardCharsets.UTF_8));
            headers.add(new BasicHeader("Authorization", "Basic " + token));
        }
        if (s.apiKey() != null) {
            headers.add(new BasicHeader("Authorization", "ApiKey " + s.apiKey()));
        }
        b.setDefaultHeaders(headers.toArray(Header[]::new));
        if (s.caCertFile() != null) {
            SSLContext ssl = sslContext(Path.of(s.caCertFile()));
            b.setHttpClientConfigCallback(c -> c.setSSLContext(ssl));
        }
        b.setRequestConfigCallback(c -> c.setConnectTimeout(5_000).setSocketTimeout(60_000));
        return b.build();
    }

    static SSLContext sslContext(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca-" + i++, c);
            }
            if (i == 0) {
                throw new IllegalArgumentException(
                        "--search-ca-cert: " + caFile + " holds no PEM certificate");
            }
            TrustManagerFactory tmf =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "--search-ca-cert: cannot read CA certificate "
                            + caFile
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }
}

package org.medwarn.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console in a child JVM: serves, says so when its port is taken, stops on close. */
class EmbeddedConsoleIT {

    @Test
    void servesInAChildJvmAndNamesATakenPort(@TempDir Path dir) throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        Path log = dir.resolve("console.log");
        try (EmbeddedConsole console =
                EmbeddedConsole.start("http://127.0.0.1:" + deadPort, 0, log)) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> page =
                    http.send(
                            HttpRequest.newBuilder(URI.create(console.url())).build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("领导总览");
            HttpResponse<String> health =
                    http.send(
                            HttpRequest.newBuilder(URI.create(console.url() + "api/health"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(503);

            Path log2 = dir.resolve("second.log");
            assertThatThrownBy(
                            () ->
                                    EmbeddedConsole.start(
                                            "http://127.0.0.1:9200", console.port(), log2))
                    .hasMessageContaining("port " + console.port())
                    .hasMessageContaining("already in use");
        }
        assertThat(Files.readString(log)).contains(ConsoleServer.STARTED_MESSAGE);
    }
}

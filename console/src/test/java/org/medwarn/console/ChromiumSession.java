package org.medwarn.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * One headless Chromium ({@link Chromium#BINARY}) driven over the DevTools protocol (a WebSocket,
 * JDK client only) for tests that log in and click: the browser keeps its cookies between pages, so
 * a test logs in once through the login form and then opens pages as that user. Each session has a
 * fresh, empty profile that is deleted on {@link #close()}.
 */
final class ChromiumSession implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final long COMMAND_TIMEOUT_S = 60;

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private ChromiumSession(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    static ChromiumSession start(int width, int height) throws Exception {
        Path profile = Files.createTempDirectory("medwarn-chromium-");
        List<String> command = new ArrayList<>(Chromium.command(profile.resolve("profile")));
        command.addAll(
                List.of(
                        "--remote-debugging-port=0",
                        "--remote-allow-origins=*",
                        "--window-size=" + width + "," + height,
                        "about:blank"));
        Process p =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(profile.resolve("chromium.log").toFile())
                        .start();
        try {
            Path portFile = profile.resolve("profile").resolve("DevToolsActivePort");
            long deadline = System.nanoTime() + STARTUP.toNanos();
            while (!Files.exists(portFile) || Files.readAllLines(portFile).isEmpty()) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "chromium did not open its DevTools port: "
                                    + Files.readString(profile.resolve("chromium.log")));
                }
                Thread.sleep(100);
            }
            int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
            HttpClient http = HttpClient.newHttpClient();
            String wsUrl = null;
            while (wsUrl == null) {
                JsonNode targets =
                        Json.MAPPER.readTree(
                                http.send(
                                                HttpRequest.newBuilder(
                                                                URI.create(
                                                                        "http://127.0.0.1:"
                                                                                + port
                                                                                + "/json/list"))
                                                        .build(),
                                                HttpResponse.BodyHandlers.ofString())
                                        .body());
                for (JsonNode t : targets) {
                    if (t.path("type").asText().equals("page")) {
                        wsUrl = t.path("webSocketDebuggerUrl").asText();
                        break;
                    }
                }
                if (wsUrl == null) {
                    Thread.sleep(100);
                }
            }
            ChromiumSession[] self = new ChromiumSession[1];
            Listener listener = new Listener(self);
            WebSocket ws =
                    http.newWebSocketBuilder()
                            .buildAsync(URI.create(wsUrl), listener)
                            .get(30, TimeUnit.SECONDS);
            self[0] = new ChromiumSession(p, profile, ws);
            self[0].call("Page.enable", Json.obj());
            self[0].call("Runtime.enable", Json.obj());
            self[0].call(
                    "Emulation.setDeviceMetricsOverride",
                    Json.obj(
                            "width",
                            width,
                            "height",
                            height,
                            "deviceScaleFactor",
                            1,
                            "mobile",
                            false));
            return self[0];
        } catch (Exception e) {
            p.destroyForcibly().waitFor();
            delete(profile);
            throw e;
        }
    }

    /** Collects text frames into messages and completes the command they answer. */
    private static final class Listener implements WebSocket.Listener {
        private final ChromiumSession[] self;
        private final StringBuilder text = new StringBuilder();

        Listener(ChromiumSession[] self) {
            this.self = self;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                try {
                    JsonNode m = Json.MAPPER.readTree(message);
                    if (m.has("id") && self[0] != null) {
                        CompletableFuture<JsonNode> f = self[0].pending.remove(m.get("id").asInt());
                        if (f != null) {
                            f.complete(m);
                        }
                    }
                } catch (IOException e) {
                    // not JSON: ignore
                }
            }
            ws.request(1);
            return null;
        }
    }

    /** Sends a DevTools command and waits for its result. */
    JsonNode call(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        socket.sendText(Json.obj("id", id, "method", method, "params", params).toString(), true)
                .get(COMMAND_TIMEOUT_S, TimeUnit.SECONDS);
        JsonNode m = answer.get(COMMAND_TIMEOUT_S, TimeUnit.SECONDS);
        if (m.has("error")) {
            throw new IllegalStateException(method + ": " + m.get("error"));
        }
        return m.path("result");
    }

    /** The value of a JavaScript expression in the page (promises awaited). */
    JsonNode eval(String expression) throws Exception {
        JsonNode r =
                call(
                        "Runtime.evaluate",
                        Json.obj(
                                "expression", expression,
                                "awaitPromise", true,
                                "returnByValue", true));
        if (r.has("exceptionDetails")) {
            throw new IllegalStateException(expression + ": " + r.get("exceptionDetails"));
        }
        return r.path("result").path("value");
    }

    /** Opens {@code url} and waits until {@code ready} (a JavaScript condition) holds. */
    void open(String url, String ready) throws Exception {
        call("Page.navigate", Json.obj("url", url));
        Thread.sleep(200);
        await(ready);
    }

    /** Waits until the JavaScript condition holds (30 s at most). */
    void await(String condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            JsonNode v;
            try {
                v = eval("Boolean(" + condition + ")");
            } catch (IllegalStateException e) {
                v = null; // page changing
            }
            if (v != null && v.asBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "not reached in 30 s: " + condition + " at " + eval("location.href"));
            }
            Thread.sleep(150);
        }
    }

    /** The page's current DOM. */
    String dom() throws Exception {
        return eval("document.documentElement.outerHTML").asText();
    }

    /** Logs in through the login form and waits for the page it leads to. */
    void login(String consoleUrl, String user, String password) throws Exception {
        open(consoleUrl + "login.html", "document.getElementById('login')");
        eval(
                "document.getElementById('user').value = "
                        + Json.node(user)
                        + "; document.getElementById('password').value = "
                        + Json.node(password)
                        + "; document.getElementById('submit').click(); true");
        await(
                "!location.pathname.endsWith('login.html') || !document.getElementById('login-error').hidden");
    }

    void screenshot(Path png) throws Exception {
        Files.createDirectories(png.getParent());
        JsonNode r = call("Page.captureScreenshot", Json.obj("format", "png"));
        Files.write(png, Base64.getDecoder().decode(r.path("data").asText()));
    }

    @Override
    public void close() throws Exception {
        try {
            socket.abort();
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } finally {
            delete(profile);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}

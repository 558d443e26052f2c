package dev.archsim.local.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A headless Chromium driven over the Chrome DevTools Protocol with the JDK's own WebSocket client
 * (no WebDriver needed): navigate, evaluate JavaScript in the page, wait for a condition, take a
 * screenshot. One page per instance; {@link #close} ends the browser.
 */
public final class Cdp implements AutoCloseable {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Process process;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

  /** The flags of a headless Chromium that talks to no one but the test. */
  static final List<String> HEADLESS =
      List.of(
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync");

  /** Debian's chromium (or ARCHSIM_CHROMIUM), when installed. */
  public static Optional<Path> chromium() {
    String explicit = System.getenv("ARCHSIM_CHROMIUM");
    if (explicit != null && Files.isExecutable(Path.of(explicit))) {
      return Optional.of(Path.of(explicit));
    }
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : new String[] {"chromium", "chromium-browser", "google-chrome"}) {
        Path p = Path.of(d, name);
        if (Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  public Cdp(Path chromium, Path profile, int width, int height) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(chromium.toString()));
    cmd.addAll(HEADLESS);
    cmd.addAll(
        List.of(
            "--hide-scrollbars",
            "--remote-debugging-port=0",
            "--window-size=" + width + "," + height,
            "--user-data-dir=" + profile,
            "about:blank"));
    process = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    BufferedReader err =
        new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
    String port = null;
    Pattern listening = Pattern.compile("DevTools listening on ws://127\\.0\\.0\\.1:(\\d+)/");
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    for (String line;
        port == null && System.nanoTime() < until && (line = err.readLine()) != null; ) {
      Matcher m = listening.matcher(line);
      if (m.find()) {
        port = m.group(1);
      }
    }
    if (port == null) {
      process.destroyForcibly();
      throw new IllegalStateException("Chromium did not open its DevTools port");
    }
    Thread.ofVirtual().start(() -> err.lines().forEach(l -> {})); // keep its stderr drained
    HttpClient http = HttpClient.newHttpClient();
    String pageSocket = null;
    // the page appears some time after the port opens: seconds on a loaded machine
    long pageBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (pageSocket == null && System.nanoTime() < pageBy) {
      JsonNode targets =
          MAPPER.readTree(
              http.send(
                      HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body());
      for (JsonNode t : targets) {
        if ("page".equals(t.path("type").asText())) {
          pageSocket = t.path("webSocketDebuggerUrl").asText();
        }
      }
      if (pageSocket == null) {
        Thread.sleep(100);
      }
    }
    if (pageSocket == null) {
      process.destroyForcibly();
      throw new IllegalStateException("Chromium opened no page to drive");
    }
    socket =
        http.newWebSocketBuilder()
            .buildAsync(URI.create(pageSocket), new Listener())
            .get(30, TimeUnit.SECONDS);
    send("Page.enable", MAPPER.createObjectNode());
    send(
        "Emulation.setDeviceMetricsOverride",
        MAPPER
            .createObjectNode()
            .put("width", width)
            .put("height", height)
            .put("deviceScaleFactor", 1)
            .put("mobile", false));
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        try {
          JsonNode msg = MAPPER.readTree(text.toString());
          if (msg.has("id")) {
            CompletableFuture<JsonNode> f = pending.remove(msg.get("id").asInt());
            if (f != null) {
              f.complete(msg);
            }
          }
        } catch (Exception e) {
          // not a message of ours
        }
        text.setLength(0);
      }
      ws.request(1);
      return null;
    }
  }

  /** Sends a protocol command and returns its result (throws on a protocol error). */
  public JsonNode send(String method, ObjectNode params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    ObjectNode msg = MAPPER.createObjectNode().put("id", id).put("method", method);
    msg.set("params", params);
    socket.sendText(msg.toString(), true).get(30, TimeUnit.SECONDS);
    JsonNode r = answer.get(120, TimeUnit.SECONDS);
    if (r.has("error")) {
      throw new IllegalStateException(method + ": " + r.get("error"));
    }
    return r.path("result");
  }

  public void navigate(String url) throws Exception {
    send("Page.navigate", MAPPER.createObjectNode().put("url", url));
  }

  /** The value of a JavaScript expression in the page (promises awaited), as JSON. */
  public JsonNode eval(String expression) throws Exception {
    JsonNode r =
        send(
            "Runtime.evaluate",
            MAPPER
                .createObjectNode()
                .put("expression", expression)
                .put("awaitPromise", true)
                .put("returnByValue", true));
    if (r.has("exceptionDetails")) {
      throw new IllegalStateException(
          "page threw: " + r.path("exceptionDetails").path("exception").path("description"));
    }
    return r.path("result").path("value");
  }

  /** Waits until a JavaScript expression is true, or fails after {@code timeout}. */
  public void await(String condition, Duration timeout) throws Exception {
    long until = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < until) {
      if (eval("!!(" + condition + ")").asBoolean()) {
        return;
      }
      Thread.sleep(150);
    }
    throw new AssertionError("timed out waiting for: " + condition);
  }

  /** A PNG of the viewport. */
  public byte[] screenshot() throws Exception {
    JsonNode r = send("Page.captureScreenshot", MAPPER.createObjectNode().put("format", "png"));
    return Base64.getDecoder().decode(r.path("data").asText());
  }

  @Override
  public void close() {
    // Chromium's helpers (renderer, GPU, crash handler) can outlive the browser process and keep
    // writing into the profile, so the test's temporary directory could not be deleted: they are
    // stopped too, and awaited, before the directory is.
    List<ProcessHandle> helpers = process.descendants().toList();
    try {
      socket.abort();
    } finally {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
        for (ProcessHandle h : helpers) {
          h.destroyForcibly();
        }
        for (ProcessHandle h : helpers) {
          h.onExit().get(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        // a helper that will not exit leaves its files: the directory's cleanup says so
      }
    }
  }
}

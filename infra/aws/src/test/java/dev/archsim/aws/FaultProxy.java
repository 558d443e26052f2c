package dev.archsim.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP proxy in front of an emulator that answers the next {@link #failNext} requests with a
 * service error (without forwarding them, as a service that refused the call), then forwards; past
 * those, {@link #faults} decides each request's fate.
 */
public final class FaultProxy implements AutoCloseable {
  /** How many of the next requests fail. */
  public final AtomicInteger failNext = new AtomicInteger();

  /** What happens to a request. */
  public enum Fault {
    /** Forwarded, and its answer returned. */
    NONE,
    /** Not forwarded: answered with the proxy's service error (a throttled or refused call). */
    REFUSE,
    /**
     * Forwarded and applied, but its answer is lost: the client is told the service failed (500,
     * which AWS documents as "the request may or may not have succeeded"), so it cannot tell that
     * the request took effect, and retries it.
     */
    LOSE_ANSWER
  }

  /** A request as the proxy sees it: the operation (target header or query action) and body. */
  public record Call(String operation, byte[] body) {}

  /** Decides each request's fault once {@link #failNext} is used up. */
  public volatile java.util.function.Function<Call, Fault> faults = c -> Fault.NONE;

  /** How many requests failed so far. */
  public final AtomicInteger failed = new AtomicInteger();

  private final URI target;
  private final int status;
  private final String contentType;
  private final String errorType;
  private final byte[] error;
  private final String lostType;
  private final byte[] lost;
  private final HttpServer server;

  /**
   * An AWS JSON protocol error (DynamoDB, SQS).
   *
   * @param status the error's HTTP status
   * @param errorType the JSON body's {@code __type}; its last part is the {@code x-amzn-ErrorType}
   */
  public static FaultProxy json(URI target, int status, String errorType, String message) {
    return new FaultProxy(
        target,
        status,
        "application/x-amz-json-1.0",
        errorType.replaceAll(".*#", ""),
        "{\"__type\":\"" + errorType + "\",\"message\":\"" + message + "\"}");
  }

  /** An AWS query protocol error (SNS), as XML. */
  public static FaultProxy query(URI target, int status, String code, String message) {
    return new FaultProxy(
        target,
        status,
        "text/xml",
        code,
        "<ErrorResponse><Error><Type>"
            + (status >= 500 ? "Receiver" : "Sender")
            + "</Type><Code>"
            + code
            + "</Code><Message>"
            + message
            + "</Message></Error><RequestId>fault-proxy</RequestId></ErrorResponse>");
  }

  private FaultProxy(URI target, int status, String contentType, String errorType, String body) {
    this.target = target;
    this.status = status;
    this.contentType = contentType;
    this.errorType = errorType;
    this.error = body.getBytes(StandardCharsets.UTF_8);
    boolean json = contentType.contains("json");
    this.lostType = json ? "InternalServerError" : "InternalFailure";
    this.lost =
        (json
                ? "{\"__type\":\"InternalServerError\",\"message\":\"answer lost (injected)\"}"
                : "<ErrorResponse><Error><Type>Receiver</Type><Code>InternalFailure</Code>"
                    + "<Message>answer lost (injected)</Message></Error>"
                    + "<RequestId>fault-proxy</RequestId></ErrorResponse>")
            .getBytes(StandardCharsets.UTF_8);
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.start();
  }

  /**
   * The operation a request calls: {@code X-Amz-Target} of the JSON protocols (DynamoDB, SQS,
   * EventBridge: "DynamoDB_20120810.UpdateItem"), else the query protocol's {@code Action} (SNS).
   */
  private static String operation(HttpExchange x, byte[] body) {
    String target = x.getRequestHeaders().getFirst("X-Amz-Target");
    if (target != null) {
      return target;
    }
    for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
      if (pair.startsWith("Action=")) {
        return pair.substring("Action=".length());
      }
    }
    return x.getRequestMethod() + " " + x.getRequestURI().getPath();
  }

  /** Where clients reach the target through the proxy. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange x) throws IOException {
    byte[] body = x.getRequestBody().readAllBytes();
    Fault fault =
        failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0
            ? Fault.REFUSE
            : faults.apply(new Call(operation(x, body), body));
    if (fault == Fault.REFUSE) {
      failed.incrementAndGet();
      x.getResponseHeaders().add("Content-Type", contentType);
      x.getResponseHeaders().add("x-amzn-ErrorType", errorType);
      x.sendResponseHeaders(status, error.length);
      try (OutputStream out = x.getResponseBody()) {
        out.write(error);
      }
      return;
    }
    HttpURLConnection c =
        (HttpURLConnection) target.resolve(x.getRequestURI()).toURL().openConnection();
    c.setRequestMethod(x.getRequestMethod());
    for (Map.Entry<String, List<String>> h : x.getRequestHeaders().entrySet()) {
      if (!h.getKey().equalsIgnoreCase("Host") && !h.getKey().equalsIgnoreCase("Content-length")) {
        c.setRequestProperty(h.getKey(), String.join(",", h.getValue()));
      }
    }
    c.setDoOutput(body.length > 0);
    if (body.length > 0) {
      try (OutputStream out = c.getOutputStream()) {
        out.write(body);
      }
    }
    int code = c.getResponseCode();
    byte[] answer;
    try (InputStream in = code >= 400 ? c.getErrorStream() : c.getInputStream()) {
      answer = in == null ? new byte[0] : in.readAllBytes();
    }
    for (String h : List.of("Content-Type", "x-amzn-RequestId", "x-amzn-ErrorType")) {
      String v = c.getHeaderField(h);
      if (v != null) {
        x.getResponseHeaders().add(h, v);
      }
    }
    if (fault == Fault.LOSE_ANSWER) {
      failed.incrementAndGet();
      x.getResponseHeaders().add("Content-Type", contentType);
      x.getResponseHeaders().add("x-amzn-ErrorType", lostType);
      x.sendResponseHeaders(500, lost.length);
      try (OutputStream out = x.getResponseBody()) {
        out.write(lost);
      }
      return;
    }
    x.sendResponseHeaders(code, answer.length == 0 ? -1 : answer.length);
    if (answer.length > 0) {
      try (OutputStream out = x.getResponseBody()) {
        out.write(answer);
      }
    }
    x.close();
  }
}

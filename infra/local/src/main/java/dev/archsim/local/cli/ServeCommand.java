package dev.archsim.local.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.archsim.core.http.HttpAnswer;
import dev.archsim.core.http.HttpCall;
import dev.archsim.core.http.RunsHttp;
import dev.archsim.core.http.WebApp;
import dev.archsim.core.run.RunViews;
import dev.archsim.core.run.SubmitRun;
import dev.archsim.core.scenario.Utf8;
import dev.archsim.engine.sim.SimulationListener;
import dev.archsim.engine.validate.Limits;
import dev.archsim.engine.validate.ScenarioRejectedException;
import dev.archsim.local.adapters.ConsoleCompletionPublisher;
import dev.archsim.local.adapters.LocalPipeline;
import dev.archsim.local.adapters.RunEviction;
import dev.archsim.local.text.Columns;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "serve",
    description =
        "Serves the web app (at /) and the runs HTTP API on this machine, on the embedded adapters"
            + " (caller: \"local\").",
    footerHeading = "%nExamples:%n",
    footer = {
      "  archsim serve --port 8080",
      "  curl -s -X POST -H 'content-type: application/json' --data-binary @mine.json \\",
      "       'http://127.0.0.1:8080/runs?trials=50'",
      "  curl -s http://127.0.0.1:8080/runs/RUN_ID"
    })
final class ServeCommand implements Callable<Integer>, Flags.Checked {
  @Option(
      names = "--port",
      paramLabel = "N",
      defaultValue = "8080",
      description = "port to listen on; default 8080 (0: any free port)")
  int port;

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      defaultValue = "127.0.0.1",
      description =
          "address to listen on; default 127.0.0.1 (this machine only). Any other address should"
              + " come with --token-file")
  String bind;

  @Option(
      names = "--allowed-host",
      paramLabel = "HOST",
      description =
          "a host name clients use to reach the server (its Host header), besides 127.0.0.1,"
              + " localhost and the --bind address; repeatable")
  List<String> allowedHosts = new ArrayList<>();

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description =
          "file whose first line is a secret every request must send as 'Authorization: Bearer"
              + " SECRET'")
  Path tokenFile;

  @Option(
      names = "--retention",
      paramLabel = "DURATION",
      defaultValue = "PT24H",
      description = "how long a run is kept, ISO-8601; default PT24H (24 hours)")
  Duration retention;

  @Option(
      names = "--read-timeout",
      paramLabel = "SECONDS",
      defaultValue = "10",
      description = "seconds a client may take to send a whole request; default 10")
  int readTimeoutSeconds;

  @Option(
      names = "--max-held-mb",
      paramLabel = "MIB",
      description =
          "MiB of scenarios and results the runs may hold before the oldest finished ones are"
              + " dropped and new runs refused (503); default a quarter of the heap")
  Long maxHeldMb;

  @Option(
      names = "--workers",
      paramLabel = "N",
      description = "worker threads; default: the number of cores")
  Integer workers;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** A worker Lambda's timeout. */
  static final Duration DEFAULT_SHARD_TIME_LIMIT = Duration.ofMinutes(5);

  @Mixin WorkBudgetOption budget;

  @Option(
      names = "--shard-time-limit",
      paramLabel = "DURATION",
      defaultValue = "PT5M",
      description =
          "a shard still simulating after this long stops itself and its run fails; default"
              + " PT5M, a worker Lambda's timeout")
  Duration shardTimeLimit;

  /** The largest request body, as on AWS (MAX_BODY_BYTES). */
  static final int MAX_BODY_BYTES = 1 << 20;

  /** What {@code archsim serve} was asked for. */
  record Config(
      String bind,
      int port,
      int workers,
      String token,
      Duration retention,
      int readTimeoutSeconds,
      long maxHeldChars,
      List<String> allowedHosts) {
    /** Loopback only, no token, 24 h retention, 10 s to send a request, a quarter of the heap. */
    static Config local(int port, int workers) {
      return new Config(
          "127.0.0.1",
          port,
          workers,
          null,
          Duration.ofHours(24),
          10,
          Runtime.getRuntime().maxMemory() / 4 / 2,
          List.of());
    }
  }

  /** The runs API as the server calls it (a seam for tests that make it fail). */
  interface Api {
    HttpAnswer handle(HttpCall call, String baseUrl);
  }

  /** A running server; {@link #close} stops it. */
  static final class Server implements AutoCloseable {
    final HttpServer http;
    final LocalPipeline pipeline;
    final RunEviction eviction;
    final LocalHttpGuard guard;
    private final ExecutorService threads;

    Server(int port, int workers, PrintWriter events) throws IOException {
      this(Config.local(port, workers), events, null);
    }

    Server(int port, int workers, PrintWriter events, Limits limits, Duration shardTimeLimit)
        throws IOException {
      this(Config.local(port, workers), events, null, limits, shardTimeLimit);
    }

    Server(Config config, PrintWriter events, java.util.function.UnaryOperator<Api> wrap)
        throws IOException {
      this(config, events, wrap, Limits.DEFAULT, DEFAULT_SHARD_TIME_LIMIT);
    }

    /**
     * @param limits what a submitted scenario may ask for, the work budget included
     * @param shardTimeLimit how long a shard may simulate before it stops itself
     */
    Server(
        Config config,
        PrintWriter events,
        java.util.function.UnaryOperator<Api> wrap,
        Limits limits,
        Duration shardTimeLimit)
        throws IOException {
      RequestLimits.install(config.readTimeoutSeconds());
      pipeline =
          new LocalPipeline(
              config.workers(),
              new SubmitRun.Settings(25, config.retention(), 10_000),
              new ConsoleCompletionPublisher(events),
              SimulationListener.NONE,
              limits,
              shardTimeLimit);
      Duration sweep = config.retention().dividedBy(2);
      eviction =
          new RunEviction(
              pipeline.store(),
              Clock.systemUTC(),
              config.maxHeldChars(),
              sweep.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : sweep);
      RunsHttp runs =
          new RunsHttp(
                  pipeline.submitRun(),
                  pipeline.getRun(),
                  pipeline.cancelRun(),
                  MAX_BODY_BYTES,
                  pipeline.optimizations())
              .comparing(
                  new dev.archsim.core.run.CompareRuns(
                      pipeline.store(),
                      pipeline.submitRun().codec(),
                      config.workers(),
                      limits.maxWork() / 10));
      Api api = wrap == null ? runs::handle : wrap.apply(runs::handle);
      InetAddress address = InetAddress.getByName(config.bind());
      http = HttpServer.create(new InetSocketAddress(address, config.port()), 0);
      // one virtual thread an exchange: a client that is slow to send or read blocks only its own
      threads = Executors.newVirtualThreadPerTaskExecutor();
      http.setExecutor(threads);
      guard = new LocalHttpGuard(address, port(), config.allowedHosts(), config.token());
      WebApp app = new WebApp(pipeline.submitRun().codec(), WebApp.bundledLibrary());
      Api routes =
          (call, base) -> {
            HttpAnswer a = app.handle(call);
            return a != null ? a : api.handle(call, base);
          };
      http.createContext(
          "/", exchange -> answer(exchange, guard, routes, eviction, MAX_BODY_BYTES));
      http.start();
    }

    int port() {
      return http.getAddress().getPort();
    }

    @Override
    public void close() {
      http.stop(0);
      threads.shutdownNow();
      eviction.close();
      pipeline.close();
    }
  }

  /**
   * Limits of the JDK's HTTP server, which it reads once per process when the first server starts:
   * the time a client may take to send a request (headers and body: past it the connection is
   * closed, so a client dripping its body cannot hold the server), to read an answer, the number
   * and size of header lines and the open connections. A value set with {@code -D} wins.
   */
  static final class RequestLimits {
    private static Integer installed;

    static synchronized void install(int readTimeoutSeconds) {
      if (installed == null) {
        setIfAbsent("sun.net.httpserver.maxReqTime", String.valueOf(readTimeoutSeconds));
        setIfAbsent("sun.net.httpserver.maxRspTime", "60");
        setIfAbsent("sun.net.httpserver.maxReqHeaders", "100");
        setIfAbsent("sun.net.httpserver.maxReqHeaderSize", String.valueOf(64 * 1024));
        setIfAbsent("jdk.httpserver.maxConnections", "256");
        installed = readTimeoutSeconds;
      } else if (installed != readTimeoutSeconds) {
        throw new IllegalStateException(
            "the read timeout is set once per process; it is " + installed + " s already");
      }
    }

    private static void setIfAbsent(String key, String value) {
      if (System.getProperty(key) == null) {
        System.setProperty(key, value);
      }
    }
  }

  /** Prebuilt, so that answering it needs next to no memory. */
  private static final byte[] OUT_OF_MEMORY =
      RunViews.error("the server is out of memory; retry later", List.of())
          .getBytes(StandardCharsets.UTF_8);

  /** Answers every exchange, whatever fails: a handler that ends silently hangs its client. */
  static void answer(
      HttpExchange exchange, LocalHttpGuard guard, Api api, RunEviction eviction, int maxBody) {
    try {
      HttpAnswer answer;
      try {
        answer = handle(exchange, guard, api, eviction, maxBody);
      } catch (OutOfMemoryError e) {
        answer = null;
      } catch (RuntimeException | StackOverflowError e) {
        answer =
            HttpAnswer.json(500, RunViews.error("internal error: " + e.getMessage(), List.of()));
      }
      if (answer == null) {
        send(
            exchange,
            503,
            Map.of("Content-Type", "application/json", "Retry-After", "30"),
            OUT_OF_MEMORY);
      } else {
        send(
            exchange,
            answer.status(),
            answer.headers(),
            answer.body().getBytes(StandardCharsets.UTF_8));
      }
    } catch (OutOfMemoryError e) {
      try {
        send(exchange, 503, Map.of("Retry-After", "30"), OUT_OF_MEMORY);
      } catch (IOException | RuntimeException | OutOfMemoryError ignored) {
        // headers already sent, or the client left: closing below ends the exchange
      }
    } catch (IOException e) {
      // the client left or timed out
    } finally {
      exchange.close();
    }
  }

  private static void send(
      HttpExchange exchange, int status, Map<String, String> headers, byte[] body)
      throws IOException {
    headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
    if ("HEAD".equalsIgnoreCase(exchange.getRequestMethod())) {
      exchange.sendResponseHeaders(status, -1); // an answer to HEAD has no body
      return;
    }
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (var os = exchange.getResponseBody()) {
        os.write(body);
      }
    }
  }

  private static HttpAnswer handle(
      HttpExchange exchange, LocalHttpGuard guard, Api api, RunEviction eviction, int maxBody)
      throws IOException {
    Map<String, String> headers = new HashMap<>();
    exchange
        .getRequestHeaders()
        .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
    String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
    HttpAnswer refused =
        guard.check(method, headers, WebApp.isAsset(method, exchange.getRequestURI().getPath()));
    if (refused != null) {
      return refused;
    }
    String body = "";
    if ("POST".equals(method)) {
      long declared = contentLength(headers);
      if (declared > maxBody) {
        return tooLarge(maxBody);
      }
      if (!eviction.hasRoom(declared < 0 ? maxBody : declared)) {
        return new HttpAnswer(
            503,
            Map.of("Content-Type", "application/json", "Retry-After", "60"),
            RunViews.error(
                "the server holds as many runs as its memory budget allows (--max-held-mb);"
                    + " retry when some have finished",
                List.of()));
      }
      byte[] bytes = exchange.getRequestBody().readNBytes(maxBody + 1);
      if (bytes.length > maxBody) {
        return tooLarge(maxBody);
      }
      try {
        body = Utf8.decode(bytes);
      } catch (ScenarioRejectedException e) {
        return RunsHttp.invalid(e); // not UTF-8: refused, never patched with U+FFFD
      }
    }
    Map<String, String> query = new HashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        String[] kv = pair.split("=", 2);
        query.put(
            URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
            kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
      }
    }
    HttpCall call =
        new HttpCall(method, exchange.getRequestURI().getPath(), "local", body, headers, query);
    return api.handle(call, guard.baseUrl());
  }

  private static long contentLength(Map<String, String> headers) {
    try {
      return Long.parseLong(headers.getOrDefault("content-length", "-1").trim());
    } catch (NumberFormatException e) {
      return -1; // the JDK server has refused a malformed length already
    }
  }

  private static HttpAnswer tooLarge(int maxBody) {
    return HttpAnswer.json(
        413, RunViews.error("scenario larger than " + maxBody + " bytes", List.of()));
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Flags flags = new Flags(dev.archsim.engine.validate.Limits.DEFAULT).workers(workers);
    if (port < 0 || port > 65_535) {
      flags.problems.add(
          dev.archsim.engine.validate.Violation.error(
              "--port " + port, "must be between 0 (any free port) and 65535"));
    }
    List<dev.archsim.engine.validate.Violation> problems = flags.problems;
    if (readTimeoutSeconds < 1 || readTimeoutSeconds > 3600) {
      problems.add(
          dev.archsim.engine.validate.Violation.error(
              "--read-timeout " + readTimeoutSeconds, "must be between 1 and 3600 seconds"));
    }
    if (retention.isNegative() || retention.isZero()) {
      problems.add(
          dev.archsim.engine.validate.Violation.error(
              "--retention " + retention, "must be longer than zero; " + Flags.DURATION_HELP));
    }
    if (maxHeldMb != null && (maxHeldMb < 1 || maxHeldMb > 1 << 20)) {
      problems.add(
          dev.archsim.engine.validate.Violation.error(
              "--max-held-mb " + maxHeldMb, "must be between 1 and 1048576"));
    }
    String token = null;
    if (tokenFile != null) {
      try {
        List<String> lines = Files.readAllLines(tokenFile, StandardCharsets.UTF_8);
        token = lines.isEmpty() ? "" : lines.get(0).strip();
        if (token.length() < 16) {
          problems.add(
              dev.archsim.engine.validate.Violation.error(
                  "--token-file " + tokenFile,
                  "its first line must hold a secret of at least 16 characters"));
        }
      } catch (IOException | RuntimeException e) {
        problems.add(
            dev.archsim.engine.validate.Violation.error(
                "--token-file " + tokenFile, "cannot be read: " + e.getMessage()));
      }
    }
    try {
      InetAddress.getByName(bind);
    } catch (java.net.UnknownHostException e) {
      problems.add(
          dev.archsim.engine.validate.Violation.error(
              "--bind " + bind, "is not an address of this machine"));
    }
    if (!problems.isEmpty()) {
      ScenarioFiles.print(problems, spec.commandLine().getErr());
      return ArchsimCommand.EXIT_INVALID;
    }
    PrintWriter err = spec.commandLine().getErr();
    int threads = workers != null ? workers : Runtime.getRuntime().availableProcessors();
    long held =
        maxHeldMb != null
            ? maxHeldMb * 1024 * 1024 / 2
            : Runtime.getRuntime().maxMemory() / 4 / 2; // a Java char is up to two bytes
    Config config =
        new Config(bind, port, threads, token, retention, readTimeoutSeconds, held, allowedHosts);
    try (Server server = new Server(config, err, null, budget.limits(), shardTimeLimit)) {
      if (!InetAddress.getByName(bind).isLoopbackAddress() && token == null) {
        err.println(
            "archsim serve: listening on "
                + bind
                + " without --token-file: anyone who reaches this port can start runs");
      }
      out.print(startLines(server.guard.baseUrl()));
      out.flush();
      err.flush();
      new CountDownLatch(1).await();
    }
    return ArchsimCommand.EXIT_OK;
  }

  /**
   * What {@code archsim serve} prints once it listens: the web app's address, the API's and its
   * calls, and how to stop it, each within {@link Columns#WIDTH} columns (an address too long for
   * one line stands whole on its own).
   */
  static String startLines(String baseUrl) {
    return Columns.wrapText("the web app: ", baseUrl + "/", Columns.WIDTH)
        + Columns.wrap(
            "the runs API on " + baseUrl + ": ",
            "  ",
            List.of(
                "POST /runs,",
                "GET /runs/{id},",
                "GET /runs/{id}/report,",
                "GET /runs/{a}/compare/{b},",
                "DELETE /runs/{id} cancels"),
            Columns.WIDTH,
            " ")
        + "Ctrl-C stops the server\n";
  }
}

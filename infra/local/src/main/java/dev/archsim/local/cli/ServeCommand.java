package dev.archsim.local.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.archsim.core.http.HttpAnswer;
import dev.archsim.core.http.HttpCall;
import dev.archsim.core.http.RunsHttp;
import dev.archsim.core.run.RunViews;
import dev.archsim.core.run.SubmitRun;
import dev.archsim.core.scenario.Utf8;
import dev.archsim.engine.sim.SimulationListener;
import dev.archsim.engine.validate.Limits;
import dev.archsim.engine.validate.ScenarioRejectedException;
import dev.archsim.local.adapters.ConsoleCompletionPublisher;
import dev.archsim.local.adapters.LocalPipeline;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "serve",
    description =
        "Serves the runs HTTP API on this machine, on the embedded adapters (caller: \"local\").")
final class ServeCommand implements Callable<Integer> {
  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "port on 127.0.0.1; default 8080 (0: any free port)")
  int port;

  @Option(names = "--workers", description = "worker threads; default: the number of cores")
  Integer workers;

  @CommandLine.Mixin WorkBudgetOption budget;

  @Option(
      names = "--shard-time-limit",
      paramLabel = "DURATION",
      defaultValue = "PT5M",
      description =
          "a shard still simulating after this long stops itself and its run fails; default"
              + " PT5M, a worker Lambda's timeout")
  Duration shardTimeLimit;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** A running server; {@link #close} stops it. */
  static final class Server implements AutoCloseable {
    final HttpServer http;
    final LocalPipeline pipeline;

    Server(int port, int workers, PrintWriter events) throws IOException {
      this(port, workers, events, Limits.DEFAULT, Duration.ofMinutes(5));
    }

    Server(int port, int workers, PrintWriter events, Limits limits, Duration shardTimeLimit)
        throws IOException {
      pipeline =
          new LocalPipeline(
              workers,
              new SubmitRun.Settings(25, Duration.ofDays(1), 10_000),
              new ConsoleCompletionPublisher(events),
              SimulationListener.NONE,
              limits,
              shardTimeLimit);
      RunsHttp runs = new RunsHttp(pipeline.submitRun(), pipeline.getRun(), 1 << 20);
      http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
      http.setExecutor(Executors.newFixedThreadPool(4));
      http.createContext("/", exchange -> answer(exchange, runs));
      http.start();
    }

    int port() {
      return http.getAddress().getPort();
    }

    @Override
    public void close() {
      http.stop(0);
      pipeline.close();
    }
  }

  static void answer(HttpExchange exchange, RunsHttp runs) throws IOException {
    HttpAnswer answer;
    try {
      Map<String, String> headers = new HashMap<>();
      exchange
          .getRequestHeaders()
          .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
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
      byte[] body = exchange.getRequestBody().readNBytes((1 << 20) + 1);
      String text = null;
      HttpAnswer undecodable = null;
      try {
        text = Utf8.decode(body);
      } catch (ScenarioRejectedException e) {
        undecodable = RunsHttp.invalid(e); // not UTF-8: refused, never patched with U+FFFD
      }
      if (undecodable != null) {
        answer = undecodable;
      } else {
        HttpCall call =
            new HttpCall(
                exchange.getRequestMethod().toUpperCase(Locale.ROOT),
                exchange.getRequestURI().getPath(),
                "local",
                text,
                headers,
                query);
        String host = exchange.getRequestHeaders().getFirst("Host");
        answer = runs.handle(call, host == null ? "" : "http://" + host);
      }
    } catch (RuntimeException e) {
      answer = HttpAnswer.json(500, RunViews.error("internal error: " + e.getMessage(), List.of()));
    }
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    answer.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
    exchange.sendResponseHeaders(answer.status(), bytes.length);
    try (var os = exchange.getResponseBody()) {
      os.write(bytes);
    }
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    int threads = workers != null ? workers : Runtime.getRuntime().availableProcessors();
    try (Server server =
        new Server(port, threads, spec.commandLine().getErr(), budget.limits(), shardTimeLimit)) {
      out.println(
          "archsim API on http://127.0.0.1:"
              + server.port()
              + " (POST /runs, GET /runs/{id}, GET /runs/{id}/report); Ctrl-C stops it");
      out.flush();
      new CountDownLatch(1).await();
    }
    return ArchsimCommand.EXIT_OK;
  }
}

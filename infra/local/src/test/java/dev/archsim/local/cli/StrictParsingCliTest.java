package dev.archsim.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files and request bodies are read as one UTF-8 document with no key twice. */
class StrictParsingCliTest {
  static final Path LIBRARY = Path.of("../../events/scenarios/db-failover.json");
  final CliHarness cli = new CliHarness();

  /** The library document with one byte of its name replaced by a byte that is not UTF-8. */
  static byte[] notUtf8() throws Exception {
    String doc = Files.readString(LIBRARY);
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int at = doc.indexOf("Database failover");
    b.write(doc.substring(0, at).getBytes(StandardCharsets.UTF_8));
    b.write(0xFF);
    b.write(doc.substring(at + 1).getBytes(StandardCharsets.UTF_8));
    return b.toByteArray();
  }

  @Test
  void aFileThatIsNotUtf8IsRefusedWithTheOffset(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("latin1.json");
    Files.write(file, notUtf8());
    int at = Files.readString(LIBRARY).indexOf("Database failover");
    assertThat(cli.archsim("validate", file.toString())).isEqualTo(2);
    assertThat(cli.err())
        .contains("$: not valid UTF-8: byte 0xFF at offset " + at)
        .doesNotContain("Exception");
    assertThat(cli.archsim("run", file.toString(), "--trials", "1")).isEqualTo(2);
  }

  @Test
  void aYamlFileWithAKeyTwiceOrTwoDocumentsIsRefused(@TempDir Path dir) throws Exception {
    String yaml =
        """
        version: 1
        name: twice
        workload: {requestsPerSecond: 5, profile: {cpuMsPerRequest: 10}}
        stages:
          - name: s
            architecture: {region: us-east-1, azs: [us-east-1a], entry: {type: alb},
                           compute: {instanceType: m5.large, countPerAz: 2}}
        """;
    Path ok = dir.resolve("ok.yaml");
    Files.writeString(ok, yaml);
    assertThat(cli.archsim("validate", ok.toString())).isZero();
    Path twice = dir.resolve("twice.yaml");
    Files.writeString(twice, yaml + "name: again\n");
    assertThat(cli.archsim("validate", twice.toString())).isEqualTo(2);
    assertThat(cli.err()).contains("$.name: not a well-formed document").contains("name");
    Path two = dir.resolve("two.yaml");
    Files.writeString(two, yaml + "---\n" + yaml);
    assertThat(cli.archsim("validate", two.toString())).isEqualTo(2);
  }

  @Test
  void serveRefusesABodyThatIsNotUtf8InsteadOfPatchingIt() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    try (var server = new ServeCommand.Server(0, 1, new PrintWriter(new StringWriter()))) {
      HttpResponse<String> posted =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/runs"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(notUtf8()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(posted.statusCode()).as(posted.body()).isEqualTo(400);
      assertThat(posted.body()).contains("not valid UTF-8: byte 0xFF");
    }
  }
}

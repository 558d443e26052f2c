package dev.archsim.local.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's pictures are the browser tests' screenshots: each picture in docs/ is written by a
 * test ({@link Screenshots#write}), each is shown in the README, and the update property writes
 * them there (and nothing else does).
 */
class ScreenshotsTest {
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0};

  @Test
  void aScreenshotGoesToTargetAndToDocsOnlyWhenAskedTo(@TempDir Path dir) throws Exception {
    Path target = dir.resolve("target/screenshots");
    Path docs = dir.resolve("docs");
    Files.createDirectories(docs.resolve("decisions"));
    Screenshots.write("app-editor.png", PNG, false, target, docs);
    assertThat(target.resolve("app-editor.png")).hasBinaryContent(PNG);
    assertThat(docs.resolve("app-editor.png")).doesNotExist();
    Screenshots.write("app-editor.png", PNG, true, target, docs);
    assertThat(docs.resolve("app-editor.png")).hasBinaryContent(PNG);
    // not a picture: refused, nothing written
    assertThatThrownBy(() -> Screenshots.write("x.png", "<html>".getBytes(), true, target, docs))
        .isInstanceOf(AssertionError.class);
    assertThat(docs.resolve("x.png")).doesNotExist();
  }

  @Test
  void everyPictureInDocsIsTakenByABrowserTestAndShownInTheReadme() throws Exception {
    Set<String> written = new TreeSet<>();
    Pattern call = Pattern.compile("Screenshots\\.write\\(\\s*\"([a-z0-9-]+\\.png)\"");
    try (Stream<Path> sources = Files.walk(Path.of("src/test/java"))) {
      for (Path f :
          sources
              .filter(p -> p.toString().endsWith(".java"))
              .filter(p -> !p.getFileName().toString().equals("ScreenshotsTest.java"))
              .toList()) {
        Matcher m = call.matcher(Files.readString(f));
        while (m.find()) {
          written.add(m.group(1));
        }
      }
    }
    Set<String> inDocs = new TreeSet<>();
    try (Stream<Path> files = Files.list(Screenshots.DOCS)) {
      files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".png"))
          .forEach(inDocs::add);
    }
    Set<String> inReadme = new TreeSet<>();
    Matcher img =
        Pattern.compile("\\]\\(docs/([^)]+\\.png)\\)")
            .matcher(Files.readString(Path.of("../../README.md")));
    while (img.find()) {
      inReadme.add(img.group(1));
    }
    assertThat(inDocs).hasSizeGreaterThanOrEqualTo(7).isEqualTo(written);
    assertThat(inReadme).isEqualTo(inDocs);
  }
}

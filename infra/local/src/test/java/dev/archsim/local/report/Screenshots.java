package dev.archsim.local.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the browser tests put their screenshots: always {@code target/screenshots/NAME}, and with
 * {@code -Darchsim.screenshots.update=true} also the README's picture of the same name in {@code
 * docs/}, so the pictures are re-taken from the code by one command (see the README's "Tests"),
 * never copied by hand.
 */
public final class Screenshots {
  /** The system property that makes the tests write the README's pictures. */
  public static final String UPDATE = "archsim.screenshots.update";

  static final Path TARGET = Path.of("target/screenshots");
  static final Path DOCS = Path.of("../../docs");

  private Screenshots() {}

  /** Writes the PNG as {@code name} in target/screenshots, and in docs/ when asked to. */
  public static void write(String name, byte[] png) throws IOException {
    write(name, png, Boolean.getBoolean(UPDATE), TARGET, DOCS);
  }

  static void write(String name, byte[] png, boolean update, Path target, Path docs)
      throws IOException {
    assertThat(name).matches("[a-z0-9-]+\\.png");
    // a PNG's signature: what a picture in the README must be
    assertThat(png.length).as(name).isGreaterThan(8);
    assertThat(new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII))
        .as(name)
        .isEqualTo("PNG");
    Files.createDirectories(target);
    Files.write(target.resolve(name), png);
    if (update) {
      assertThat(docs.resolve("decisions")).as("the repository's docs/").isDirectory();
      Files.write(docs.resolve(name), png);
    }
  }
}

package dev.archsim.engine.catalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads the generated catalog resources (tab-separated lines, '#' comments, optionally gzipped)
 * that {@code tools/catalog/generate.py} writes beside this class.
 */
final class CatalogData {
  private CatalogData() {}

  /** The lines of a resource split at tabs, or null when the resource does not exist. */
  static List<String[]> resource(String name) {
    InputStream in = Catalog.class.getResourceAsStream(name);
    if (in == null) {
      return null;
    }
    return lines(in, name.endsWith(".gz"));
  }

  static List<String[]> lines(InputStream raw, boolean gzip) {
    try (InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
        BufferedReader r =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
      List<String[]> out = new ArrayList<>();
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.isEmpty() && line.charAt(0) != '#') {
          out.add(line.split("\t", -1));
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("catalog resource unreadable", e);
    }
  }

  static List<String> csv(String s) {
    return s.isEmpty() ? List.of() : List.of(s.split(","));
  }
}

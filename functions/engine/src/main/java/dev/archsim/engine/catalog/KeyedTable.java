package dev.archsim.engine.catalog;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * A sorted table of text records read without parsing them: the catalog's resource format, so that
 * loading a resource costs one read and a lookup parses only the record it finds.
 *
 * <p>Layout (big-endian): the magic {@code "ACT1"}, the record count {@code n}, {@code n + 1}
 * offsets of the records into the record area, then the record area: UTF-8 records {@code
 * KEY<TAB>FIELD<TAB>FIELD...}, sorted by the bytes of their ASCII keys. {@code
 * tools/catalog/generate.py} writes it (gzipped); so does {@link PriceBook#write}.
 */
final class KeyedTable {
  private static final int MAGIC = 0x41435431; // "ACT1"

  private final byte[] data;
  private final int n;
  private final int area;

  private KeyedTable(byte[] data) {
    if (data.length < 12 || readInt(data, 0) != MAGIC) {
      throw new IllegalArgumentException("not a catalog table");
    }
    this.data = data;
    this.n = readInt(data, 4);
    this.area = 8 + 4 * (n + 1);
    if (n < 0 || area > data.length || area + offset(n) != data.length) {
      throw new IllegalArgumentException("truncated catalog table");
    }
  }

  /** Reads a table (gzipped when {@code gzip}). */
  static KeyedTable read(InputStream raw, boolean gzip) throws IOException {
    try (InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw) {
      return new KeyedTable(in.readAllBytes());
    }
  }

  /** A table resource beside the catalog classes, or null when it does not exist. */
  static KeyedTable resource(String name) {
    InputStream in = Catalog.class.getResourceAsStream(name);
    if (in == null) {
      return null;
    }
    try {
      return read(in, name.endsWith(".gz"));
    } catch (IOException e) {
      throw new UncheckedIOException("catalog resource unreadable: " + name, e);
    }
  }

  int size() {
    return n;
  }

  /** The index of the record with this key, or -1. */
  int find(String key) {
    byte[] k = ascii(key);
    if (k == null) {
      return -1;
    }
    int i = lowerBound(k);
    return i < n && compare(i, k) == 0 ? i : -1;
  }

  /** The index of the first record whose key is not below {@code prefix}. */
  int lowerBound(String prefix) {
    byte[] k = ascii(prefix);
    return k == null ? n : lowerBound(k);
  }

  /** The number of records whose key starts with {@code prefix}. */
  int count(String prefix) {
    return end(prefix) - lowerBound(prefix);
  }

  /** The index after the last record whose key starts with {@code prefix}. */
  int end(String prefix) {
    byte[] k = ascii(prefix);
    if (k == null) {
      return n;
    }
    int lo = lowerBound(k);
    int hi = n;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (startsWith(mid, k)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  String key(int i) {
    int from = area + offset(i);
    int to = area + offset(i + 1);
    int tab = from;
    while (tab < to && data[tab] != '\t') {
      tab++;
    }
    return new String(data, from, tab - from, StandardCharsets.ISO_8859_1);
  }

  /** The fields of record {@code i} after its key. */
  String[] fields(int i) {
    int from = area + offset(i);
    int to = area + offset(i + 1);
    int tab = from;
    while (tab < to && data[tab] != '\t') {
      tab++;
    }
    if (tab >= to) {
      return new String[0];
    }
    return new String(data, tab + 1, to - tab - 1, StandardCharsets.UTF_8).split("\t", -1);
  }

  /** Every key in order. */
  List<String> keys(int from, int to) {
    List<String> out = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      out.add(key(i));
    }
    return out;
  }

  /**
   * Encodes records (key → fields) as a table; keys must be ASCII without tabs, fields without tabs
   * or line breaks.
   */
  static byte[] encode(Map<String, List<String>> records) {
    TreeMap<String, List<String>> sorted = new TreeMap<>(records);
    ByteArrayOutputStream area = new ByteArrayOutputStream();
    int[] offsets = new int[sorted.size() + 1];
    int i = 0;
    for (var e : sorted.entrySet()) {
      if (ascii(e.getKey()) == null || e.getKey().indexOf('\t') >= 0) {
        throw new IllegalArgumentException("table key not ASCII: " + e.getKey());
      }
      offsets[i++] = area.size();
      StringBuilder s = new StringBuilder(e.getKey());
      for (String f : e.getValue()) {
        if (f.indexOf('\t') >= 0 || f.indexOf('\n') >= 0) {
          throw new IllegalArgumentException("table field with a tab or line break: " + f);
        }
        s.append('\t').append(f);
      }
      area.writeBytes(s.toString().getBytes(StandardCharsets.UTF_8));
    }
    offsets[i] = area.size();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DataOutputStream d = new DataOutputStream(out)) {
      d.writeInt(MAGIC);
      d.writeInt(sorted.size());
      for (int o : offsets) {
        d.writeInt(o);
      }
      area.writeTo(d);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private int lowerBound(byte[] k) {
    int lo = 0;
    int hi = n;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (compare(mid, k) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The key of record {@code i} against {@code k}, by unsigned bytes. */
  private int compare(int i, byte[] k) {
    int p = area + offset(i);
    int end = area + offset(i + 1);
    for (int j = 0; ; j++, p++) {
      boolean recEnd = p >= end || data[p] == '\t';
      if (j == k.length) {
        return recEnd ? 0 : 1;
      }
      if (recEnd) {
        return -1;
      }
      int c = (data[p] & 0xff) - (k[j] & 0xff);
      if (c != 0) {
        return c;
      }
    }
  }

  private boolean startsWith(int i, byte[] k) {
    int p = area + offset(i);
    int end = area + offset(i + 1);
    if (end - p < k.length) {
      return false;
    }
    return Arrays.equals(data, p, p + k.length, k, 0, k.length);
  }

  private int offset(int i) {
    return readInt(data, 8 + 4 * i);
  }

  private static int readInt(byte[] b, int at) {
    return (b[at] & 0xff) << 24
        | (b[at + 1] & 0xff) << 16
        | (b[at + 2] & 0xff) << 8
        | b[at + 3] & 0xff;
  }

  /** The bytes of an ASCII string, or null when it is not ASCII. */
  private static byte[] ascii(String s) {
    byte[] b = new byte[s.length()];
    for (int i = 0; i < b.length; i++) {
      char c = s.charAt(i);
      if (c > 127) {
        return null;
      }
      b[i] = (byte) c;
    }
    return b;
  }
}

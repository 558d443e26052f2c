package dev.archsim.local.trace;

import dev.archsim.engine.validate.ModelBounds;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a request trace from CSV: one row per period, {@code timestamp,requests}, such as a
 * CloudWatch {@code RequestCount} export ({@code Sum} per 1- or 5-minute period) or load balancer
 * access logs counted per minute.
 *
 * <ul>
 *   <li>timestamps are ISO-8601 date-times ({@code 2026-11-02T14:05:00Z}, with an offset, or
 *       without one, read as UTC; a space may replace the {@code T}) or seconds (epoch or since the
 *       start); one file uses one kind;
 *   <li>an optional header row; when it names a time column ({@code timestamp}, {@code time},
 *       {@code date}) and a count column ({@code requests}, {@code requestcount}, {@code sum},
 *       {@code count}, {@code value}) those are read, otherwise the first two columns;
 *   <li>rows may come in any order (CloudWatch returns datapoints unordered) and periods without
 *       requests may be missing (CloudWatch omits them): the gap carries no requests;
 *   <li>the period is the smallest spacing between rows unless the scenario gives periodSeconds;
 *   <li>blank lines and lines starting with {@code #} are skipped.
 * </ul>
 *
 * Every problem is reported in one pass with its line number (the first {@value #MAX_PROBLEMS},
 * then a count). A file larger than {@value #MAX_BYTES} bytes or with more rows than a trace may
 * hold is refused before its rows are kept.
 */
public final class TraceCsv {
  /** 16 MiB: 100 000 rows of a verbose export fit with room to spare. */
  public static final long MAX_BYTES = 16L * 1024 * 1024;

  static final int MAX_PROBLEMS = 50;

  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern TIME_HEADER = Pattern.compile("(?i).*(timestamp|time|date).*");
  private static final Pattern COUNT_HEADER =
      Pattern.compile("(?i).*(request|count|sum|value|hits).*");

  private TraceCsv() {}

  /**
   * A trace read from CSV: times in seconds since its first row, counts, the period; or the
   * problems, each "line N: ..." (empty when the trace was read).
   */
  public record Result(
      double[] at, double[] requests, double periodSeconds, List<String> problems) {
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  /** Reads {@code file}; {@code periodSeconds} is the scenario's, or null to infer it. */
  public static Result read(Path file, Double periodSeconds) {
    try {
      if (Files.isDirectory(file)) {
        return failed("is a directory, not a CSV file");
      }
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        return failed(
            String.format(
                Locale.ROOT,
                "is %,d bytes; a trace file may hold at most %,d bytes and %,d rows (resample it"
                    + " to a coarser period)",
                size,
                MAX_BYTES,
                ModelBounds.MAX_TRACE_POINTS));
      }
      String text;
      try {
        text =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                .toString();
      } catch (CharacterCodingException e) {
        return failed("is not UTF-8 text");
      }
      return parse(text, periodSeconds);
    } catch (NoSuchFileException e) {
      return failed("does not exist");
    } catch (IOException e) {
      return failed("cannot be read: " + e.getMessage());
    }
  }

  private static Result failed(String problem) {
    return new Result(new double[0], new double[0], 0, List.of(problem));
  }

  private record Row(int line, double time, double requests) {}

  /** Parses CSV text (see the class comment). */
  public static Result parse(String text, Double periodSeconds) {
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    int[] lineStarts = lineStarts(text);
    List<String> problems = new ArrayList<>();
    int[] unlisted = {0};
    List<Row> rows = new ArrayList<>();
    CSVFormat format =
        CSVFormat.DEFAULT
            .builder()
            .setCommentMarker('#')
            .setIgnoreEmptyLines(true)
            .setIgnoreSurroundingSpaces(true)
            .get();
    int timeColumn = 0;
    int countColumn = 1;
    Kind kind = null;
    int kindLine = 0;
    boolean first = true;
    try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
      for (CSVRecord r : parser) {
        int line = lineOf(lineStarts, r.getCharacterPosition());
        if (first) {
          first = false;
          if (isHeader(r)) {
            for (int i = r.size() - 1; i >= 0; i--) {
              if (TIME_HEADER.matcher(r.get(i)).matches()) {
                timeColumn = i;
              }
            }
            for (int i = r.size() - 1; i >= 0; i--) {
              if (i != timeColumn && COUNT_HEADER.matcher(r.get(i)).matches()) {
                countColumn = i;
              }
            }
            if (countColumn == timeColumn) {
              countColumn = timeColumn == 0 ? 1 : 0;
            }
            continue;
          }
        }
        if (rows.size() >= ModelBounds.MAX_TRACE_POINTS) {
          add(
              problems,
              unlisted,
              String.format(
                  Locale.ROOT,
                  "line %d: more than %,d rows; a trace holds at most %,d (resample it to a"
                      + " coarser period)",
                  line,
                  ModelBounds.MAX_TRACE_POINTS,
                  ModelBounds.MAX_TRACE_POINTS));
          break;
        }
        int needed = Math.max(timeColumn, countColumn) + 1;
        if (r.size() < needed) {
          add(
              problems,
              unlisted,
              "line " + line + ": " + r.size() + " column(s); expected timestamp,requests");
          continue;
        }
        String ts = r.get(timeColumn);
        String count = r.get(countColumn);
        double time = Double.NaN;
        Kind k = Kind.of(ts);
        if (k == null) {
          add(
              problems,
              unlisted,
              "line "
                  + line
                  + ": timestamp '"
                  + clip(ts)
                  + "' is neither an ISO-8601 date-time (2026-11-02T14:05:00Z) nor seconds");
        } else if (kind != null && k != kind) {
          add(
              problems,
              unlisted,
              "line "
                  + line
                  + ": timestamp '"
                  + clip(ts)
                  + "' is "
                  + k.what
                  + " but line "
                  + kindLine
                  + " has "
                  + kind.what
                  + "; use one kind in a file");
        } else {
          if (kind == null) {
            kind = k;
            kindLine = line;
          }
          time = k.seconds(ts);
        }
        double requests = Double.NaN;
        if (!NUMBER.matcher(count).matches()) {
          add(
              problems,
              unlisted,
              "line " + line + ": requests '" + clip(count) + "' is not a number");
        } else {
          requests = Double.parseDouble(count);
          if (!(requests >= 0) || !Double.isFinite(requests)) {
            add(
                problems,
                unlisted,
                "line " + line + ": requests " + count + " must be a non-negative number");
            requests = Double.NaN;
          }
        }
        if (!Double.isNaN(time) && !Double.isNaN(requests)) {
          rows.add(new Row(line, time, requests));
        }
      }
    } catch (IOException | UncheckedIOException | IllegalStateException e) {
      String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      add(problems, unlisted, "is not well-formed CSV: " + m);
    }
    if (rows.isEmpty() && problems.isEmpty()) {
      add(problems, unlisted, "has no rows of timestamp,requests");
    }
    rows.sort(Comparator.comparingDouble(Row::time));
    double minGap = Double.POSITIVE_INFINITY;
    for (int i = 1; i < rows.size(); i++) {
      Row a = rows.get(i - 1);
      Row b = rows.get(i);
      double gap = b.time() - a.time();
      if (gap == 0) {
        add(
            problems,
            unlisted,
            "line "
                + b.line()
                + ": the timestamp of line "
                + a.line()
                + " again; one row per period");
      } else {
        minGap = Math.min(minGap, gap);
      }
    }
    double period;
    if (periodSeconds != null) {
      period = periodSeconds;
      for (int i = 1; i < rows.size(); i++) {
        Row a = rows.get(i - 1);
        Row b = rows.get(i);
        double gap = b.time() - a.time();
        if (gap > 0 && gap < period) {
          add(
              problems,
              unlisted,
              String.format(
                  Locale.ROOT,
                  "line %d: %s s after line %d, less than periodSeconds %s",
                  b.line(),
                  num(gap),
                  a.line(),
                  num(period)));
        }
      }
    } else if (Double.isFinite(minGap)) {
      period = minGap;
    } else {
      period = 0;
      if (rows.size() == 1) {
        add(
            problems,
            unlisted,
            "line "
                + rows.get(0).line()
                + ": a single row cannot show its period; give the trace's periodSeconds");
      }
    }
    if (unlisted[0] > 0) {
      problems.add("has " + unlisted[0] + " more problems");
    }
    if (!problems.isEmpty()) {
      return new Result(new double[0], new double[0], 0, List.copyOf(problems));
    }
    double[] at = new double[rows.size()];
    double[] requests = new double[rows.size()];
    double t0 = rows.get(0).time();
    for (int i = 0; i < at.length; i++) {
      at[i] = rows.get(i).time() - t0;
      requests[i] = rows.get(i).requests();
    }
    return new Result(at, requests, period, List.of());
  }

  private static void add(List<String> problems, int[] unlisted, String problem) {
    if (problems.size() < MAX_PROBLEMS) {
      problems.add(problem);
    } else {
      unlisted[0]++;
    }
  }

  /** A header: a first row whose count column is not a number. */
  private static boolean isHeader(CSVRecord r) {
    if (r.size() < 2) {
      return Kind.of(r.get(0)) == null;
    }
    return Kind.of(r.get(0)) == null && !NUMBER.matcher(r.get(1)).matches()
        || !NUMBER.matcher(r.get(1)).matches() && TIME_HEADER.matcher(r.get(0)).matches();
  }

  private static String clip(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }

  private static String num(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15
        ? String.format(Locale.ROOT, "%.0f", v)
        : String.valueOf(v);
  }

  private static int[] lineStarts(String text) {
    int[] starts = new int[16];
    int n = 0;
    starts[n++] = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        if (n == starts.length) {
          starts = Arrays.copyOf(starts, n * 2);
        }
        starts[n++] = i + 1;
      }
    }
    return Arrays.copyOf(starts, n);
  }

  private static int lineOf(int[] starts, long position) {
    int i = Arrays.binarySearch(starts, (int) position);
    return (i >= 0 ? i : -i - 2) + 1;
  }

  /** How a file writes its timestamps. */
  private enum Kind {
    SECONDS("seconds"),
    DATE_TIME("a date-time");

    final String what;

    Kind(String what) {
      this.what = what;
    }

    static Kind of(String s) {
      if (NUMBER.matcher(s).matches()) {
        return Double.isFinite(Double.parseDouble(s)) ? SECONDS : null;
      }
      return dateTime(s) != null ? DATE_TIME : null;
    }

    double seconds(String s) {
      if (this == SECONDS) {
        return Double.parseDouble(s);
      }
      Instant i = dateTime(s);
      return i.getEpochSecond() + i.getNano() / 1e9;
    }

    private static Instant dateTime(String s) {
      String t =
          s.length() > 10 && s.charAt(10) == ' ' ? s.substring(0, 10) + 'T' + s.substring(11) : s;
      try {
        return OffsetDateTime.parse(t).toInstant();
      } catch (DateTimeParseException e) {
        // no offset: UTC
      }
      try {
        return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        return null;
      }
    }
  }
}

package dev.archsim.local.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archsim.engine.validate.ModelBounds;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceCsvTest {

  @Test
  void aCloudWatchExportReadsWithItsHeaderGapsAndAnyRowOrder() {
    TraceCsv.Result r =
        TraceCsv.parse(
            """
            Timestamp,RequestCount
            2026-11-02T00:10:00Z,900
            2026-11-02T00:00:00Z,600
            # a comment
            2026-11-02T00:05:00Z,750

            2026-11-02T00:25:00Z,1200
            """,
            null);
    assertThat(r.problems()).isEmpty();
    assertThat(r.periodSeconds()).isEqualTo(300);
    assertThat(r.at()).containsExactly(0, 300, 600, 1500);
    assertThat(r.requests()).containsExactly(600, 750, 900, 1200);
  }

  @Test
  void headerColumnsAreFoundByNameAndOtherTimestampFormatsRead() {
    TraceCsv.Result r =
        TraceCsv.parse(
            """
            "Label","Sum","Timestamp"
            "RequestCount","10","2026-11-02 00:01:00"
            "RequestCount","20","2026-11-02 00:00:00+00:00"
            """,
            null);
    assertThat(r.problems()).isEmpty();
    assertThat(r.requests()).containsExactly(20, 10);
    assertThat(r.periodSeconds()).isEqualTo(60);
    TraceCsv.Result epoch = TraceCsv.parse("1793577600,5\n1793577660,7.5\n", null);
    assertThat(epoch.at()).containsExactly(0, 60);
    assertThat(epoch.requests()).containsExactly(5, 7.5);
  }

  @Test
  void everyProblemIsListedWithItsLineNumberInOnePass() {
    TraceCsv.Result r =
        TraceCsv.parse(
            """
            timestamp,requests
            2026-11-02T00:00:00Z,100
            2026-11-02T00:01:00Z,lots
            yesterday,5
            2026-11-02T00:02:00Z,-3
            1793577600,7
            2026-11-02T00:03:00Z
            2026-11-02T00:00:00Z,50
            """,
            null);
    assertThat(r.ok()).isFalse();
    assertThat(r.problems())
        .containsExactly(
            "line 3: requests 'lots' is not a number",
            "line 4: timestamp 'yesterday' is neither an ISO-8601 date-time (2026-11-02T14:05:00Z)"
                + " nor seconds",
            "line 5: requests -3 must be a non-negative number",
            "line 6: timestamp '1793577600' is seconds but line 2 has a date-time; use one kind in"
                + " a file",
            "line 7: 1 column(s); expected timestamp,requests",
            "line 8: the timestamp of line 2 again; one row per period");
  }

  @Test
  void rowsCloserThanTheGivenPeriodAreNamedAndASingleRowNeedsAPeriod() {
    TraceCsv.Result r = TraceCsv.parse("0,10\n60,10\n90,10\n", 60.0);
    assertThat(r.problems())
        .containsExactly("line 3: 30 s after line 2, less than periodSeconds 60");
    assertThat(TraceCsv.parse("0,10\n", null).problems())
        .containsExactly(
            "line 1: a single row cannot show its period; give the trace's periodSeconds");
    assertThat(TraceCsv.parse("0,10\n", 300.0).periodSeconds()).isEqualTo(300);
    assertThat(TraceCsv.parse("timestamp,requests\n", null).problems())
        .containsExactly("has no rows of timestamp,requests");
  }

  @Test
  void aFileWithMoreRowsThanATraceHoldsStopsAtTheBound(@TempDir Path dir) throws Exception {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i <= ModelBounds.MAX_TRACE_POINTS + 10; i++) {
      b.append(i * 60).append(",1\n");
    }
    TraceCsv.Result r = TraceCsv.parse(b.toString(), null);
    assertThat(r.problems())
        .containsExactly(
            "line 100001: more than 100,000 rows; a trace holds at most 100,000 (resample it to a"
                + " coarser period)");
  }

  @Test
  void aHugeFileIsRefusedBeforeItIsRead(@TempDir Path dir) throws Exception {
    Path big = dir.resolve("big.csv");
    try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
      f.setLength(TraceCsv.MAX_BYTES + 1); // sparse: no memory, no disk
    }
    TraceCsv.Result r = TraceCsv.read(big, null);
    assertThat(r.problems()).singleElement().asString().startsWith("is 16,777,217 bytes; a trace");
    assertThat(TraceCsv.read(dir.resolve("missing.csv"), null).problems())
        .containsExactly("does not exist");
    Path latin1 = dir.resolve("latin1.csv");
    Files.write(latin1, new byte[] {'0', ',', '1', (byte) 0xFF, '\n'});
    assertThat(TraceCsv.read(latin1, null).problems()).containsExactly("is not UTF-8 text");
  }

  @Test
  void theExampleFixtureReads() {
    TraceCsv.Result r =
        TraceCsv.read(Path.of("../../examples/traffic-trace/shop-requests.csv"), null);
    assertThat(r.problems()).isEmpty();
    assertThat(r.periodSeconds()).isEqualTo(300);
    assertThat(r.at()[r.at().length - 1] + 300).isEqualTo(2 * 86_400);
  }
}

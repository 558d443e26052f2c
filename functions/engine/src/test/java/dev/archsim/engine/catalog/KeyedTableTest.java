package dev.archsim.engine.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The catalog's table format: what is written is found again, and nothing else is. */
class KeyedTableTest {

  private static KeyedTable table(Map<String, List<String>> records) throws Exception {
    return KeyedTable.read(new ByteArrayInputStream(KeyedTable.encode(records)), false);
  }

  @Test
  void everyRecordIsFoundByItsKeyAndKeysBetweenThemAreNot() throws Exception {
    Random r = new Random(7);
    Map<String, List<String>> records = new HashMap<>();
    for (int i = 0; i < 500; i++) {
      String k = "k" + Integer.toString(r.nextInt(100_000), 36);
      records.put(k, List.of(Integer.toString(i), "€ " + k));
    }
    KeyedTable t = table(records);
    assertThat(t.size()).isEqualTo(records.size());
    records.forEach(
        (k, v) -> {
          int i = t.find(k);
          assertThat(i).isGreaterThanOrEqualTo(0);
          assertThat(t.key(i)).isEqualTo(k);
          assertThat(t.fields(i)).containsExactlyElementsOf(v);
          // a key that is a prefix or an extension of a stored one is a different key
          if (!records.containsKey(k + "x")) {
            assertThat(t.find(k + "x")).isEqualTo(-1);
          }
          String shorter = k.substring(0, k.length() - 1);
          if (!records.containsKey(shorter)) {
            assertThat(t.find(shorter)).isEqualTo(-1);
          }
        });
    assertThat(t.keys(0, t.size())).isSortedAccordingTo(String::compareTo);
    assertThat(t.find("")).isEqualTo(-1);
    assertThat(t.find("é")).isEqualTo(-1);
  }

  @Test
  void aPrefixSelectsAContiguousRange() throws Exception {
    Map<String, List<String>> records = new TreeMap<>();
    for (String k : List.of("#src:a", "e:m5.large", "e:m5.xlarge", "e:t3.micro", "p:m5.large")) {
      records.put(k, List.of("1"));
    }
    records.put("s:alb.hour", List.of());
    KeyedTable t = table(records);
    assertThat(t.count("e:")).isEqualTo(3);
    assertThat(t.keys(t.lowerBound("e:"), t.end("e:")))
        .containsExactly("e:m5.large", "e:m5.xlarge", "e:t3.micro");
    assertThat(t.count("p:")).isEqualTo(1);
    assertThat(t.count("x:")).isZero();
    assertThat(t.fields(t.find("s:alb.hour"))).isEmpty();
  }

  @Test
  void anEmptyTableAndBadBytesAreHandled() throws Exception {
    KeyedTable empty = table(Map.of());
    assertThat(empty.size()).isZero();
    assertThat(empty.find("a")).isEqualTo(-1);
    assertThat(empty.count("a")).isZero();
    byte[] good = KeyedTable.encode(Map.of("a", List.of("1")));
    byte[] cut = java.util.Arrays.copyOf(good, good.length - 1);
    assertThatThrownBy(() -> KeyedTable.read(new ByteArrayInputStream(cut), false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> KeyedTable.read(new ByteArrayInputStream("not a table".getBytes()), false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeyedTable.encode(Map.of("a\tb", new ArrayList<>())))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

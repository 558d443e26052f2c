package dev.archsim.core.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A valid 20-stage scenario whose stages carry descriptions of the longest length the schema
 * allows: 10 000 characters of Japanese prose, 30 KB of UTF-8 each, the stages of the WhatIsTheTime
 * library scenario in turn. Its merged result (688 126 bytes of UTF-8 with 2 trials a stage) is far
 * over DynamoDB's 400 KB item limit, which is what a run could not store before results were
 * compressed and split.
 */
public final class LongDescriptions {
  public static final int STAGES = 20;
  public static final int DESCRIPTION_CHARS = 10_000;

  /** Three UTF-8 bytes a character, as DynamoDB counts an item's size. */
  private static final String[] WORDS = {
    "インスタンス", "障害", "可用性", "負荷分散", "利用者", "待機", "名前解決", "期限切れ", "自動拡張", "容量", "別の", "可用性ゾーン", "復旧",
    "監視", "費用", "遅延", "が", "を", "に", "、"
  };

  private LongDescriptions() {}

  /** The description of stage {@code i}: the same every time. */
  public static String description(int i) {
    Random words = new Random(20 + i);
    StringBuilder d = new StringBuilder();
    while (true) {
      String w = WORDS[words.nextInt(WORDS.length)];
      if (d.length() + w.length() > DESCRIPTION_CHARS) {
        return d.toString();
      }
      d.append(w);
    }
  }

  /**
   * @param library the WhatIsTheTime scenario file
   */
  public static String scenario(Path library, int trials) {
    try {
      ObjectMapper json = new ObjectMapper();
      ObjectNode doc = (ObjectNode) json.readTree(Files.readString(library));
      ArrayNode from = (ArrayNode) doc.get("stages");
      ArrayNode stages = json.createArrayNode();
      for (int i = 0; i < STAGES; i++) {
        ObjectNode stage = ((ObjectNode) from.get(i % from.size())).deepCopy();
        stage.put("name", "stage " + (i + 1) + " " + stage.get("name").asText());
        stage.put("description", description(i));
        stages.add(stage);
      }
      doc.set("stages", stages);
      ((ObjectNode) doc.get("run")).put("trials", trials);
      return doc.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

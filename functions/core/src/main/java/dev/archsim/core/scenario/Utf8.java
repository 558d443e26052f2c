package dev.archsim.core.scenario;

import dev.archsim.engine.validate.ScenarioRejectedException;
import dev.archsim.engine.validate.Violation;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Decodes a scenario document's bytes as UTF-8, strictly: a byte sequence that is not UTF-8 is
 * refused with its offset instead of being replaced by U+FFFD, which would change the document.
 */
public final class Utf8 {
  private Utf8() {}

  /**
   * The text of {@code bytes}.
   *
   * @throws ScenarioRejectedException at {@code $} with the offset of the first invalid byte
   */
  public static String decode(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      return strict().decode(in).toString();
    } catch (CharacterCodingException e) {
      int at = firstInvalid(bytes);
      throw new ScenarioRejectedException(
          List.of(
              Violation.error(
                  "$",
                  String.format(
                      Locale.ROOT,
                      "not valid UTF-8: byte 0x%02X at offset %d starts no UTF-8 character;"
                          + " save the document as UTF-8",
                      bytes[at] & 0xFF,
                      at))));
    }
  }

  /** Offset of the first byte where decoding fails. */
  private static int firstInvalid(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
    var result = strict().decode(in, out, true);
    return result.isError() ? Math.min(in.position(), bytes.length - 1) : 0;
  }

  /** A UTF-8 decoder that reports a malformed or unmappable byte instead of replacing it. */
  private static CharsetDecoder strict() {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
  }
}

package dev.archsim.local;

import java.util.Arrays;
import org.assertj.core.api.AbstractStringAssert;

/**
 * Assertions on text wrapped for a terminal, as a person reads it: a line break with the next
 * line's indent, or a run of spaces, is one space on both sides of a {@code contains}, so that
 * where a line happens to wrap changes no assertion's meaning.
 */
public final class WrappedText extends AbstractStringAssert<WrappedText> {
  private WrappedText(String actual) {
    super(flat(actual), WrappedText.class);
  }

  /** {@code assertThat(text)} on {@code text} with its whitespace normalised, as is every part. */
  public static WrappedText assertThatWrapped(String text) {
    return new WrappedText(text);
  }

  /**
   * {@code text} with every run of whitespace (a line break and the next line's indent too) one
   * space.
   */
  public static String flat(CharSequence text) {
    return text == null ? null : text.toString().replaceAll("\\s+", " ");
  }

  @Override
  public WrappedText contains(CharSequence... values) {
    return super.contains(flatAll(values));
  }

  @Override
  public WrappedText doesNotContain(CharSequence... values) {
    return super.doesNotContain(flatAll(values));
  }

  @Override
  public WrappedText startsWith(CharSequence prefix) {
    return super.startsWith(flat(prefix));
  }

  @Override
  public WrappedText endsWith(CharSequence suffix) {
    return super.endsWith(flat(suffix));
  }

  private static CharSequence[] flatAll(CharSequence... values) {
    return Arrays.stream(values).map(WrappedText::flat).toArray(CharSequence[]::new);
  }
}

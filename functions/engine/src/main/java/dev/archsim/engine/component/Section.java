package dev.archsim.engine.component;

import java.time.Duration;
import java.util.List;

/**
 * A read-only view of one object of a scenario document (a component's section of {@code
 * architecture}, or an object inside it), so that a component module maps its own JSON without the
 * engine depending on a JSON library. The codec hands each registered component its section ({@link
 * Component#read}) after the JSON Schema has checked it; the view follows the document as it is (a
 * field of another type than asked reads as the default).
 *
 * <p>Every getter with a default returns the default when the field is absent; the ones without
 * return null. A missing object or list reads as an empty one, so {@code s.object("a").number("b",
 * 1)} is 1 whether {@code a} is there or not.
 */
public interface Section {
  /**
   * The JSON path of this object in the document (e.g. {@code $.stages[0].architecture.cache}), for
   * messages.
   */
  String path();

  /**
   * The stage's {@code architecture} object this section lies in, for a section whose defaults
   * depend on the rest of the stage (the compute tier spreads its count per AZ over the stage's
   * {@code azs}, takes its exposure from the entry's type and its spot figures from the region); an
   * empty section when the object is not part of an architecture.
   */
  Section architecture();

  /** Whether the object has the field (present, even if null). */
  boolean has(String field);

  /** The field names of the object, in document order (empty when it is not an object). */
  List<String> fields();

  /** The field as text, or {@code dflt} when absent. */
  String text(String field, String dflt);

  /** The field as text, or null when absent. */
  default String text(String field) {
    return has(field) ? text(field, null) : null;
  }

  /** The field as a number, or {@code dflt} when absent. */
  double number(String field, double dflt);

  /** The field as a number, or null when absent. */
  default Double number(String field) {
    return has(field) ? number(field, 0) : null;
  }

  /**
   * The field as an integer, or {@code dflt} when absent; an integral number beyond {@code int}
   * saturates at {@link Integer#MAX_VALUE} or {@link Integer#MIN_VALUE} (so a bound check still
   * sees it as too large).
   */
  int integer(String field, int dflt);

  /** The field as an integer (saturated as {@link #integer(String, int)}), or null when absent. */
  default Integer integer(String field) {
    return has(field) ? integer(field, 0) : null;
  }

  /** The field as a boolean, or {@code dflt} when absent. */
  boolean bool(String field, boolean dflt);

  /**
   * The field as an ISO-8601 duration ({@code PT5M}), or {@code dflt} when absent.
   *
   * @throws java.time.format.DateTimeParseException when the text is not one (the schema's patterns
   *     rule that out for the fields it knows)
   */
  default Duration duration(String field, Duration dflt) {
    return has(field) ? Duration.parse(text(field, "")) : dflt;
  }

  /** The object in the field; an empty section when absent. */
  Section object(String field);

  /** The objects of the list in the field, in order; empty when absent. */
  List<Section> list(String field);

  /** The texts of the list in the field, in order; empty when absent. */
  List<String> texts(String field);
}

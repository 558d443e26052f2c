package dev.archsim.local.importer;

import java.util.Set;

/** Values a template can hold that are not known until deployment. */
public sealed interface Value {

  /** A reference to another resource of the stack ({@code Ref}, {@code Fn::GetAtt}). */
  record ResourceRef(String resource, String attribute) implements Value {
    @Override
    public String toString() {
      return attribute == null ? "!Ref " + resource : "!GetAtt " + resource + "." + attribute;
    }
  }

  /**
   * A value only known once deployed (an ARN built with {@code Fn::Sub}, an imported output, an
   * account id); {@code refs} are the resources it names.
   */
  record Opaque(String what, Set<String> refs) implements Value {
    public Opaque {
      refs = Set.copyOf(refs);
    }

    @Override
    public String toString() {
      return what;
    }
  }
}

package dev.archsim.local.importer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads a CloudFormation template (YAML or JSON, which is YAML) into plain maps, lists and scalars,
 * turning the short-form intrinsic tags into their long forms: {@code !Ref X} becomes {@code {Ref:
 * X}}, {@code !GetAtt A.B} becomes {@code {Fn::GetAtt: [A, B]}} (split at the first dot, as the AWS
 * CLI does), {@code !Sub s} becomes {@code {Fn::Sub: s}}.
 */
public final class CfnYaml {
  /** Largest template accepted: CloudFormation's own limit for a template in S3 is 1 MB. */
  public static final int MAX_CODE_POINTS = 4 * 1024 * 1024;

  static final Set<String> FN_TAGS =
      Set.of(
          "Base64",
          "Cidr",
          "FindInMap",
          "GetAtt",
          "GetAZs",
          "ImportValue",
          "Join",
          "Select",
          "Split",
          "Sub",
          "Transform",
          "And",
          "Equals",
          "If",
          "Not",
          "Or",
          "Length",
          "ToJsonString");

  private CfnYaml() {}

  /**
   * The template as a tree.
   *
   * @throws TemplateException when the text is not YAML, with the line and column
   */
  public static Object read(String text) {
    LoadSettings settings =
        LoadSettings.builder()
            .setSchema(new CoreSchema())
            .setCodePointLimit(MAX_CODE_POINTS)
            .setMaxAliasesForCollections(50)
            .setAllowDuplicateKeys(false)
            .setLabel("template")
            .build();
    try {
      return new Load(settings, new IntrinsicConstructor(settings)).loadFromString(text);
    } catch (org.snakeyaml.engine.v2.exceptions.YamlEngineException e) {
      throw new TemplateException(e.getMessage().replace("\n", " ").replaceAll(" +", " ").trim());
    }
  }

  /** The text is not a template. */
  public static final class TemplateException extends RuntimeException {
    public TemplateException(String message) {
      super(message);
    }
  }

  private static final class IntrinsicConstructor extends StandardConstructor {
    IntrinsicConstructor(LoadSettings settings) {
      super(settings);
      tagConstructors.put(new Tag("!Ref"), node -> Map.of("Ref", plain(node)));
      tagConstructors.put(new Tag("!Condition"), node -> Map.of("Condition", plain(node)));
      for (String fn : FN_TAGS) {
        ConstructNode c =
            fn.equals("GetAtt")
                ? node -> Map.of("Fn::GetAtt", getAtt(plain(node)))
                : node -> Map.of("Fn::" + fn, plain(node));
        tagConstructors.put(new Tag("!" + fn), c);
      }
    }

    private static Object getAtt(Object value) {
      if (value instanceof String s && s.indexOf('.') > 0) {
        int dot = s.indexOf('.');
        return List.of(s.substring(0, dot), s.substring(dot + 1));
      }
      return value;
    }

    /** The node's value as if it had no tag; its children are constructed normally. */
    private Object plain(Node node) {
      if (node instanceof ScalarNode s) {
        return s.getValue();
      }
      if (node instanceof SequenceNode seq) {
        List<Object> list = new ArrayList<>();
        for (Node child : seq.getValue()) {
          list.add(constructObject(child));
        }
        return list;
      }
      MappingNode map = (MappingNode) node;
      Map<Object, Object> out = new LinkedHashMap<>();
      for (NodeTuple t : map.getValue()) {
        out.put(constructObject(t.getKeyNode()), constructObject(t.getValueNode()));
      }
      return out;
    }
  }
}

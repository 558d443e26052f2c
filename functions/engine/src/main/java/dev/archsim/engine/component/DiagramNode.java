package dev.archsim.engine.component;

import java.util.List;

/**
 * A component's box in the architecture diagram of a stage, as its module describes it ({@link
 * Component#diagram}): the report draws it in a grid whose columns follow the request path and
 * whose lanes run top to bottom inside the region, and compares it with the previous stage's node
 * of the same key (new, changed, removed).
 *
 * @param key the same component keeps its key from stage to stage (e.g. {@code "vpce-gateway"},
 *     {@code "efs@us-east-1a"})
 * @param column its column along the request path: one of the constants below, or a value between
 *     two of them for a column of its own (a column is drawn only when a node uses it)
 * @param lane its lane
 * @param az for {@link Lane#ZONE} and {@link Lane#EGRESS}, the AZ whose band it sits in; else null
 * @param title the component, on the box's first line
 * @param details its settings, a line each (the report wraps them to the box)
 * @param arrows its arrows, from or to its key
 */
public record DiagramNode(
    String key,
    int column,
    Lane lane,
    String az,
    String title,
    List<String> details,
    List<Arrow> arrows) {

  /** The users or producers, in front of everything. */
  public static final int USERS = 0;

  /** AWS WAF in front of CloudFront. */
  public static final int WAF_EDGE = 10;

  /** CloudFront. */
  public static final int EDGE = 20;

  /** Route 53 or Global Accelerator in front of the regions. */
  public static final int DNS = 30;

  /** AWS WAF in front of the entry. */
  public static final int WAF_ENTRY = 40;

  /** The entry (load balancer, API Gateway, records). */
  public static final int ENTRY = 50;

  /** The compute tier; a chain of tiers behind it takes the columns up to {@code COMPUTE + 9}. */
  public static final int COMPUTE = 60;

  /** Egress of a stage without a compute tier of instances (Lambda, a queue's consumers). */
  public static final int EGRESS = 69;

  /** The cache, and the queue under it. */
  public static final int CACHE = 70;

  /** The database, and the queue's workers under it. */
  public static final int DATABASE = 80;

  /** Read replicas. */
  public static final int REPLICAS = 90;

  /**
   * An arrow's end that is not a node key: each node of the compute tier that takes the requests
   * (the web tier's instances per AZ, or the Lambda function).
   */
  public static final String FROM_COMPUTE = "@compute";

  /** An arrow's end: the last node of {@link #FROM_COMPUTE} (one arrow rather than one per AZ). */
  public static final String FROM_LAST_COMPUTE = "@compute-last";

  /**
   * An arrow's end: each node the data tier is reached from (the last tier of a chain of tiers,
   * else the compute tier); in a stage without a compute tier, the users or producers.
   */
  public static final String FROM_BACKEND = "@backend";

  public DiagramNode {
    details = List.copyOf(details);
    arrows = List.copyOf(arrows);
  }

  /** A regional node (not in an AZ band). */
  public static DiagramNode regional(
      String key, int column, Lane lane, String title, List<String> details, List<Arrow> arrows) {
    return new DiagramNode(key, column, lane, null, title, details, arrows);
  }

  /** A share as the diagram writes it, to a tenth of a percent: {@code "12.5 %"}. */
  public static String percent(double share) {
    return Numbers.plain(Math.round(1000 * share) / 10.0) + " %";
  }

  /** A count with its noun, plural unless one: {@code "2 alarms"}. */
  public static String count(int n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }

  /** Where a node sits inside its region. */
  public enum Lane {
    /** Regional, above the AZ bands: services beside the path. */
    TOP,
    /** In the band of its AZ. */
    ZONE,
    /** In the band of its AZ, under the zonal nodes (NAT gateways). */
    EGRESS,
    /** Centred on the zones: a regional node on the path. */
    MID,
    /** Regional, under the AZ bands (VPC endpoints, the queue and its workers). */
    BOTTOM,
    /**
     * Beside the path in a free cell: the rightmost column no lane-{@code TOP} node uses (of the
     * columns holding nodes inside the region), in the lane above the zones when that lane is used
     * or the one below is not, else the lane below; placed after every other node.
     */
    BESIDE
  }

  /** What an arrow means, which sets its colour and dashes. */
  public enum Kind {
    /** Requests. */
    PATH,
    /** Messages and the writes of their consumers. */
    MESSAGES,
    /** Static requests the edge misses. */
    STATIC,
    /** Egress to the internet and AWS APIs. */
    EGRESS,
    /** Egress through another AZ's NAT gateway. */
    CROSS_AZ,
    /** Replication. */
    REPLICATION,
    /** Failover. */
    FAILOVER,
    /** Requests routed to the nearest healthy region. */
    ROUTED
  }

  /**
   * An arrow between two nodes: a node key or one of the ends {@link #FROM_COMPUTE}, {@link
   * #FROM_LAST_COMPUTE}, {@link #FROM_BACKEND}. An end no node of the stage has draws no arrow.
   */
  public record Arrow(String from, String to, Kind kind) {}
}

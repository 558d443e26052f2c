package dev.archsim.engine.component;

import java.util.ArrayList;
import java.util.List;

/**
 * A component's box in the architecture diagram of a stage, as its module describes it ({@link
 * Component#diagram}): the report draws it in a grid whose columns follow the request path and
 * whose lanes run top to bottom inside the region, and compares it with the previous stage's node
 * of the same key (new, changed, removed).
 *
 * <p>The report draws the nodes of every module in the order of their {@link Place} on the request
 * path, then of the registry ({@link Components}), then of the module's list; the nodes of another
 * region after the stage's own. A node the path goes on from ({@link #onThePath()}) is where the
 * requests go next: the arrows of the following places that start at {@link #FRONT} start at it.
 *
 * @param key the same component keeps its key from stage to stage (e.g. {@code "vpce-gateway"},
 *     {@code "efs@us-east-1a"})
 * @param place where on the request path it sits, which orders the drawing and the path's arrows
 * @param column its column along the request path: one of the constants below, or a value between
 *     two of them for a column of its own (a column is drawn only when a node uses it)
 * @param lane its lane
 * @param az for {@link Lane#ZONE} and {@link Lane#EGRESS}, the AZ whose band it sits in; else null
 * @param region null in the stage's region; else the other region it sits in (DR), which {@link
 *     Component#diagramRegions} names
 * @param pathGoesOn whether the request path goes on from it ({@link #FRONT} of the places after)
 * @param title the component, on the box's first line
 * @param details its settings, a line each (the report wraps them to the box)
 * @param arrows its arrows, from or to its key, drawn in this order after the arrows of the nodes
 *     drawn before it
 */
public record DiagramNode(
    String key,
    Place place,
    int column,
    Lane lane,
    String az,
    String region,
    boolean pathGoesOn,
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
   * An arrow's end that is not a node key: the nodes the request path has reached before the node's
   * module draws at its place (the users; then each earlier place's nodes {@link #pathGoesOn}: the
   * edge, the entry, the compute tier, the last tier of a chain, the cache). A stage's producers
   * are not on it: they send their messages to the queue.
   */
  public static final String FRONT = "@front";

  /**
   * An arrow's end: each node of the compute tier that takes the requests (the web tier's instances
   * per AZ, or the Lambda function): the nodes of {@link Place#COMPUTE} on the path.
   */
  public static final String FROM_COMPUTE = "@compute";

  /** An arrow's end: the last node of {@link #FROM_COMPUTE} (one arrow rather than one per AZ). */
  public static final String FROM_LAST_COMPUTE = "@compute-last";

  /**
   * An arrow's end: each node the data tier is reached from (the last tier of a chain of tiers,
   * else the compute tier: {@link #FRONT} after {@link Place#TIERS}); in a stage without a compute
   * tier, the users or producers.
   */
  public static final String FROM_BACKEND = "@backend";

  public DiagramNode {
    details = List.copyOf(details);
    arrows = List.copyOf(arrows);
  }

  /**
   * A node in the stage's region, not in an AZ's band, off the path and without arrows; {@link
   * #inAz}, {@link #inRegion}, {@link #onThePath()}, {@link #from} and {@link #to} make the copies
   * that are.
   */
  public static DiagramNode of(
      Place place, String key, int column, Lane lane, String title, List<String> details) {
    return new DiagramNode(key, place, column, lane, null, null, false, title, details, List.of());
  }

  /** A copy in the band of {@code az} (for {@link Lane#ZONE} and {@link Lane#EGRESS}). */
  public DiagramNode inAz(String zone) {
    return new DiagramNode(
        key, place, column, lane, zone, region, pathGoesOn, title, details, arrows);
  }

  /** A copy in another region than the stage's. */
  public DiagramNode inRegion(String other) {
    return new DiagramNode(key, place, column, lane, az, other, pathGoesOn, title, details, arrows);
  }

  /** A copy the request path goes on from. */
  public DiagramNode onThePath() {
    return new DiagramNode(key, place, column, lane, az, region, true, title, details, arrows);
  }

  /** A copy with an arrow from {@code end} (a node key or a named end) to this node. */
  public DiagramNode from(String end, Kind kind) {
    return with(new Arrow(end, key, kind));
  }

  /** A copy with an arrow from this node to {@code end}. */
  public DiagramNode to(String end, Kind kind) {
    return with(new Arrow(key, end, kind));
  }

  /** A copy with one more arrow, after its others. */
  public DiagramNode with(Arrow arrow) {
    List<Arrow> more = new ArrayList<>(arrows);
    more.add(arrow);
    return new DiagramNode(key, place, column, lane, az, region, pathGoesOn, title, details, more);
  }

  /** A copy with one more line of details, after its others. */
  public DiagramNode withDetail(String line) {
    List<String> more = new ArrayList<>(details);
    more.add(line);
    return new DiagramNode(key, place, column, lane, az, region, pathGoesOn, title, more, arrows);
  }

  /** A share as the diagram writes it, to a tenth of a percent: {@code "12.5 %"}. */
  public static String percent(double share) {
    return Numbers.plain(Math.round(1000 * share) / 10.0) + " %";
  }

  /** A count with its noun, plural unless one: {@code "2 alarms"}. */
  public static String count(int n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }

  /**
   * Where on the request path a node sits, in the order the report draws them: the users, the edge,
   * DNS, the entry, compute and the tiers behind it, the way out of the VPC, the data tier (cache,
   * storage, database, queue), the other services the requests need, those around the path, then
   * the other regions.
   */
  public enum Place {
    /**
     * The users or producers; the report draws them unless a module does (region failover draws the
     * users by region).
     */
    USERS,
    /** In front of the regions: CloudFront and the WAF in front of it. */
    EDGE,
    /** Route 53 or Global Accelerator in front of the regions. */
    DNS,
    /** The entry and the WAF in front of it. */
    ENTRY,
    /** The compute tier (its nodes per AZ, or the function) and what runs it. */
    COMPUTE,
    /** The chain of tiers behind the compute tier. */
    TIERS,
    /** The way out of the VPC: NAT gateways, VPC endpoints. */
    EGRESS,
    /** The cache in front of the database. */
    CACHE,
    /** Object storage. */
    STORAGE,
    /** The database, its standby and replicas. */
    DATABASE,
    /** The queue and its consumers. */
    QUEUE,
    /** The other services the requests need on their way (a file system). */
    DEPENDENCY,
    /** Services around the path that no request crosses (metrics, alarms, logs). */
    AROUND,
    /** The other regions (a DR standby, active-active). */
    REGIONS
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
     * or the one below is not, else the lane below; placed after every other node of the region.
     */
    BESIDE,
    /**
     * Centred, in front of the region rather than inside it: the users, the edge, DNS, an entry
     * that is addresses (Elastic IPs, Route 53 records).
     */
    OUTSIDE
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
   * An arrow between two nodes: a node key or one of the ends {@link #FRONT}, {@link
   * #FROM_COMPUTE}, {@link #FROM_LAST_COMPUTE}, {@link #FROM_BACKEND}. An end no node of the stage
   * has draws no arrow.
   */
  public record Arrow(String from, String to, Kind kind) {}

  /**
   * A region of the diagram and the note its label carries: another region a module's nodes sit in
   * ({@link DiagramNode#region}), or the stage's own, whose label adds the note after its AZs.
   */
  public record Region(String name, String note) {}
}

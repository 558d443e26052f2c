package dev.archsim.core.report;

import dev.archsim.engine.result.FailureCause;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One colour per failure cause, the same in every chart, stage and report whatever other causes
 * appear beside it, and one order for their legends (the causes' own order). The twelve colours are
 * at least 25 apart in CIELAB (ΔE*ab) from each other and from the grey of "other".
 */
public final class CauseColours {
  private static final Map<FailureCause, String> COLOURS = new EnumMap<>(FailureCause.class);

  static {
    COLOURS.put(FailureCause.DNS_STALE, "#b07aa1");
    COLOURS.put(FailureCause.UNHEALTHY_TARGET, "#f28e2b");
    COLOURS.put(FailureCause.EIP_INSTANCE_DOWN, "#9c755f");
    COLOURS.put(FailureCause.NO_CAPACITY, "#edc948");
    COLOURS.put(FailureCause.OVERLOAD, "#e15759");
    COLOURS.put(FailureCause.DB_FAILOVER, "#76b7b2");
    COLOURS.put(FailureCause.AZ_OUTAGE, "#4e79a7");
    COLOURS.put(FailureCause.REGION_OUTAGE, "#1f3b73");
    COLOURS.put(FailureCause.RESIZE_DOWNTIME, "#59a14f");
    COLOURS.put(FailureCause.THROTTLED, "#ff9da7");
    COLOURS.put(FailureCause.SESSION_LOST, "#8a6fdf");
    COLOURS.put(FailureCause.NAT_UNAVAILABLE, "#3b3b3b");
  }

  private CauseColours() {}

  /** The colour of the cause with this id ({@code az-outage}); the grey of "other" if unknown. */
  public static String of(String id) {
    FailureCause c = cause(id);
    String colour = c == null ? null : COLOURS.get(c);
    return colour == null ? Svg.OTHER : colour;
  }

  /** The series sorted in the causes' order (unknown ids last, by name). */
  static List<Svg.Series> ordered(List<Svg.Series> series) {
    List<Svg.Series> out = new ArrayList<>(series);
    out.sort(
        Comparator.comparingInt((Svg.Series s) -> rank(s.name())).thenComparing(Svg.Series::name));
    return out;
  }

  private static int rank(String id) {
    FailureCause c = cause(id);
    return c == null ? Integer.MAX_VALUE : c.ordinal();
  }

  private static FailureCause cause(String id) {
    for (FailureCause c : FailureCause.values()) {
      if (c.id().equals(id)) {
        return c;
      }
    }
    return null;
  }
}

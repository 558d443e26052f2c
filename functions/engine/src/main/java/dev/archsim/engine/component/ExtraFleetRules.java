package dev.archsim.engine.component;

import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.validate.Violation;
import java.util.List;

/**
 * The rules every fleet a component runs beside the compute fleet shares (a tier behind the web
 * tier, the workers consuming a queue): its placement names the stage's AZs, and its Auto Scaling
 * group keeps 0 ≤ min ≤ desired ≤ max. What each fleet's policy tracks is checked by its owner.
 */
final class ExtraFleetRules {
  private ExtraFleetRules() {}

  /** Every AZ of the fleet's placement is one of the stage's. */
  static void placementInStageAzs(ComputeTier f, Architecture a, String path, List<Violation> out) {
    for (String az : f.placement().keySet()) {
      if (!a.azs().contains(az)) {
        out.add(
            Violation.error(
                path + ".placement." + az,
                "not one of the stage's AZs " + a.azs() + "; found " + az));
      }
    }
  }

  /** The group's bounds hold: 0 ≤ min ≤ desired ≤ max. */
  static void groupBounds(ComputeTier.AutoScaling g, String path, List<Violation> out) {
    if (g.min() < 0 || g.min() > g.desired() || g.desired() > g.max()) {
      out.add(
          Violation.error(
              path + ".autoScaling",
              "needs 0 ≤ min ≤ desired ≤ max; found min "
                  + g.min()
                  + ", desired "
                  + g.desired()
                  + ", max "
                  + g.max()));
    }
  }
}

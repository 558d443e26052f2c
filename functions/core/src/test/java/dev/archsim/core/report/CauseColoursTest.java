package dev.archsim.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archsim.engine.result.FailureCause;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every failure cause has its own colour, far enough from the others to tell apart. */
class CauseColoursTest {

  /** CIELAB (D65) of an sRGB colour #rrggbb. */
  static double[] lab(String hex) {
    double[] rgb = new double[3];
    for (int i = 0; i < 3; i++) {
      double c = Integer.parseInt(hex.substring(1 + 2 * i, 3 + 2 * i), 16) / 255.0;
      rgb[i] = c > 0.04045 ? Math.pow((c + 0.055) / 1.055, 2.4) : c / 12.92;
    }
    double x = (0.4124 * rgb[0] + 0.3576 * rgb[1] + 0.1805 * rgb[2]) / 0.95047;
    double y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
    double z = (0.0193 * rgb[0] + 0.1192 * rgb[1] + 0.9505 * rgb[2]) / 1.08883;
    double fx = f(x);
    double fy = f(y);
    double fz = f(z);
    return new double[] {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
  }

  private static double f(double t) {
    return t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16.0 / 116;
  }

  static double deltaE(String a, String b) {
    double[] p = lab(a);
    double[] q = lab(b);
    return Math.sqrt(
        (p[0] - q[0]) * (p[0] - q[0])
            + (p[1] - q[1]) * (p[1] - q[1])
            + (p[2] - q[2]) * (p[2] - q[2]));
  }

  @Test
  void everyCauseHasAColourAtLeast25ApartFromTheOthersAndFromOther() {
    List<String> colours = new ArrayList<>();
    for (FailureCause c : FailureCause.values()) {
      String colour = CauseColours.of(c.id());
      assertThat(colour).as(c.id()).isNotEqualTo(Svg.OTHER).matches("#[0-9a-f]{6}");
      colours.add(colour);
    }
    colours.add(Svg.OTHER);
    for (int i = 0; i < colours.size(); i++) {
      for (int j = i + 1; j < colours.size(); j++) {
        assertThat(deltaE(colours.get(i), colours.get(j)))
            .as("%s against %s", colours.get(i), colours.get(j))
            .isGreaterThanOrEqualTo(25);
      }
    }
    // the measure itself: black against white is 100, a colour against itself 0
    assertThat(deltaE("#000000", "#ffffff"))
        .isCloseTo(100, org.assertj.core.api.Assertions.within(0.1));
  }

  @Test
  void theLegendFollowsTheCausesOrderNotTheOrderTheyAppear() {
    List<Svg.Series> met =
        List.of(
            new Svg.Series("az-outage", new double[] {1}),
            new Svg.Series("dns-stale", new double[] {2}),
            new Svg.Series("overload", new double[] {3}));
    assertThat(CauseColours.ordered(met).stream().map(Svg.Series::name))
        .containsExactly("dns-stale", "overload", "az-outage");
  }

  @Test
  void aCausesColourDoesNotDependOnTheOtherCausesOfTheChart() {
    List<String> labels = List.of("stage 1", "stage 2");
    String alone =
        Svg.stackedBars(
            "a",
            "t",
            labels,
            List.of(new Svg.Series("az-outage", new double[] {5, 1})),
            "requests",
            CauseColours::of);
    String withOthers =
        Svg.stackedBars(
            "b",
            "t",
            labels,
            CauseColours.ordered(
                List.of(
                    new Svg.Series("overload", new double[] {3, 0}),
                    new Svg.Series("az-outage", new double[] {5, 1}),
                    new Svg.Series("dns-stale", new double[] {0, 2}))),
            "requests",
            CauseColours::of);
    String blue = "fill=\"" + CauseColours.of("az-outage") + "\"";
    assertThat(alone.split(blue, -1)).hasSize(1 + 3); // two segments and the legend swatch
    assertThat(withOthers.split(blue, -1)).hasSize(1 + 3);
  }
}

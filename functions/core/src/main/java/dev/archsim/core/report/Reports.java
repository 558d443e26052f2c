package dev.archsim.core.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.archsim.core.result.ResultView;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.sim.Simulator;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a run's report from its result and scenario. The result keeps no per-trial series, so the
 * report re-simulates two trials per stage (a sample trial and the worst one) with a recorder:
 * trials are deterministic, so these are exactly the trials that were merged.
 */
public final class Reports {
  private static final int POINTS = 360;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Reports() {}

  /** The timelines of the sample and worst trial of every stage. */
  public static List<Timeline> timelines(Scenario scenario, ResultView result) {
    TimelineRecorder recorder = new TimelineRecorder(scenario.run().horizonSeconds(), POINTS);
    List<long[]> chosen = new ArrayList<>();
    for (int i = 0; i < scenario.stages().size(); i++) {
      long worst = i < result.stages().size() ? result.stages().get(i).worstTrial() : 0;
      long sample = worst == 0 && scenario.run().trials() > 1 ? 1 : 0;
      recorder.want(i, sample, "sample trial " + sample);
      chosen.add(new long[] {i, sample});
      if (worst != sample) {
        recorder.want(i, worst, "worst trial " + worst);
        chosen.add(new long[] {i, worst});
      }
    }
    Simulator simulator = new Simulator(recorder);
    List<Timeline> out = new ArrayList<>();
    for (long[] c : chosen) {
      simulator.runTrial(scenario, (int) c[0], (int) c[1]);
      out.add(recorder.timeline((int) c[0], c[1]));
    }
    return out;
  }

  public static String html(Scenario scenario, ResultView result) {
    return HtmlReport.render(scenario, result, timelines(scenario, result));
  }

  /** The JSON report: the result plus the timelines. */
  public static String json(Scenario scenario, ResultView result) {
    ObjectNode root = MAPPER.createObjectNode();
    root.set("result", result.json());
    ArrayNode series = root.putArray("timelines");
    for (Timeline t : timelines(scenario, result)) {
      ObjectNode n = series.addObject();
      n.put("stage", t.stage());
      n.put("trial", t.trial());
      n.put("label", t.label());
      n.set("seconds", MAPPER.valueToTree(t.seconds()));
      n.set("inService", MAPPER.valueToTree(t.inService()));
      n.set("concurrency", MAPPER.valueToTree(t.concurrency()));
      n.set("offeredPerSecond", MAPPER.valueToTree(t.offered()));
      n.set("failedPerSecond", MAPPER.valueToTree(t.failed()));
      n.set("throttledPerSecond", MAPPER.valueToTree(t.throttled()));
      n.set("secondaryInService", MAPPER.valueToTree(t.secondaryInService()));
      n.set("queueBacklog", MAPPER.valueToTree(t.backlog()));
      ArrayNode events = n.putArray("events");
      for (Charts.Marker m : t.events()) {
        events
            .addObject()
            .put("seconds", m.x())
            .put("description", m.label())
            .put("kind", m.kind().name().toLowerCase(java.util.Locale.ROOT));
      }
      ArrayNode outages = n.putArray("primaryRegionDown");
      for (Charts.Span sp : t.regionOutages()) {
        outages.addObject().put("from", sp.from()).put("to", sp.to());
      }
    }
    return root.toString();
  }
}

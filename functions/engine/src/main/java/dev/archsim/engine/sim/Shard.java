package dev.archsim.engine.sim;

/** Trials [fromTrial, toTrial) of one stage: the unit of work a worker runs. */
public record Shard(int index, int stage, int fromTrial, int toTrial) {
  public Shard {
    if (stage < 0 || fromTrial < 0 || toTrial <= fromTrial) {
      throw new IllegalArgumentException(
          "empty or negative shard " + stage + ":" + fromTrial + "-" + toTrial);
    }
  }

  public int trials() {
    return toTrial - fromTrial;
  }
}

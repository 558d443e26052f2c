package dev.archsim.engine.model;

import java.util.List;
import java.util.Objects;

/** Where the system runs and how requests reach it. */
public record Architecture(String region, List<String> azs, Entry entry, ComputeTier compute) {
  public Architecture {
    Objects.requireNonNull(region, "region");
    azs = List.copyOf(azs);
    Objects.requireNonNull(entry, "entry");
    Objects.requireNonNull(compute, "compute");
  }
}

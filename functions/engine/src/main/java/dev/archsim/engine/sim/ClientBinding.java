package dev.archsim.engine.sim;

import dev.archsim.engine.model.Entry;
import java.util.SplittableRandom;

/**
 * Which instance's address each client uses, for entries that bind clients to one instance: the
 * share of clients per address ({@link #share}) and how it moves when an address changes.
 *
 * <ul>
 *   <li>{@link ElasticIps}: an Elastic IP per instance; its users stay bound to it, 1/N each.
 *   <li>{@link Dns}: a Route 53 record per instance. A client keeps its cached answer for up to the
 *       TTL (cache ages spread evenly), so after a record is removed or added every address's share
 *       moves linearly to its new weight over one TTL. Simple, multivalue and (equal) weighted
 *       routing spread clients over the records present; failover answers with the first present
 *       record.
 * </ul>
 */
sealed interface ClientBinding {
  /** The share of clients whose address is instance {@code i}'s at time {@code t}. */
  double share(int i, double t);

  /** True while shares move (a DNS change is spreading through the clients' caches). */
  boolean moving();

  /** The binding of {@code entry} for {@code n} instances; null for entries without addresses. */
  static ClientBinding of(Entry entry, int n, Schedule events) {
    return switch (entry) {
      case Entry.ElasticIps e -> new ElasticIps(n);
      case Entry.Route53 r -> new Dns(r, n, events);
      default -> null;
    };
  }

  /** An Elastic IP per instance: its users stay bound to it. */
  final class ElasticIps implements ClientBinding {
    private final int n;

    ElasticIps(int n) {
      this.n = n;
    }

    @Override
    public double share(int i, double t) {
      return 1.0 / n;
    }

    @Override
    public boolean moving() {
      return false;
    }
  }

  /** Route 53 records, one per instance, cached by clients for the TTL. */
  final class Dns implements ClientBinding {
    private final Entry.Route53 dns;
    private final Schedule events;
    private final boolean[] present;
    private final double[] from;
    private final double[] to;
    private final double[] rampStart;

    Dns(Entry.Route53 dns, int n, Schedule events) {
      this.dns = dns;
      this.events = events;
      this.present = new boolean[n];
      this.from = new double[n];
      this.to = new double[n];
      this.rampStart = new double[n];
      java.util.Arrays.fill(present, true);
      java.util.Arrays.fill(rampStart, Double.NEGATIVE_INFINITY);
      for (int i = 0; i < n; i++) {
        from[i] = failover() ? (i == 0 ? 1.0 : 0.0) : 1.0 / n;
        to[i] = from[i];
      }
    }

    Entry.Route53 entry() {
      return dns;
    }

    boolean failover() {
      return dns.routing() == Entry.Route53.Routing.FAILOVER;
    }

    boolean present(int i) {
      return present[i];
    }

    /**
     * Seconds from an instance's failure to its record's removal: when the record's health check
     * calls it unhealthy, else when an operator removes it; NaN when nothing removes it. One draw
     * from {@code random} when something does.
     */
    double detectionSeconds(SplittableRandom random) {
      if (dns.healthCheck() != null) {
        Entry.DnsHealthCheck hc = dns.healthCheck();
        return HealthChecks.route53Unhealthy(
            hc.intervalSeconds(), hc.failureThreshold(), random.nextDouble());
      }
      if (dns.removalMinutes() != null) {
        return RandomStreams.exponential(random, dns.removalMinutes() * 60.0);
      }
      return Double.NaN;
    }

    /** The record of instance {@code i} is added back now if it was removed. */
    void restore(int i, double now) {
      if (!present[i]) {
        setRecord(i, true, now);
      }
    }

    /** Every move in progress is complete at once (a record removed long before the trial). */
    void settle(int i) {
      from[i] = to[i];
    }

    @Override
    public double share(int i, double t) {
      double f = Math.min(1.0, Math.max(0.0, (t - rampStart[i]) / dns.ttlSeconds()));
      return from[i] + (to[i] - from[i]) * f;
    }

    @Override
    public boolean moving() {
      for (int i = 0; i < from.length; i++) {
        if (from[i] != to[i]) {
          return true;
        }
      }
      return false;
    }

    /**
     * Adds or removes record {@code changed}; every address's share of clients starts moving
     * towards its new weight, and the move ends one TTL later.
     */
    void setRecord(int changed, boolean isPresent, double now) {
      if (!isPresent) {
        int others = 0;
        for (int i = 0; i < present.length; i++) {
          others += i != changed && present[i] ? 1 : 0;
        }
        if (others == 0) {
          return; // Route 53 fails open: with every record unhealthy it answers with all of them
        }
      }
      present[changed] = isPresent;
      double[] target = targetShares();
      for (int i = 0; i < present.length; i++) {
        double current = share(i, now);
        from[i] = current;
        to[i] = target[i];
        rampStart[i] = now;
      }
      double end = now + dns.ttlSeconds();
      events.at(end, () -> endMoves(end));
    }

    /**
     * The clients that started moving one TTL before {@code now} have all moved: their addresses
     * stop varying, so the traffic goes back to the scenario's step (and to one segment between
     * events when nothing else varies) instead of the short steps of a move. A move restarted later
     * by another record change ends at its own event.
     */
    private void endMoves(double now) {
      for (int i = 0; i < from.length; i++) {
        if (from[i] != to[i] && now - rampStart[i] >= dns.ttlSeconds()) {
          from[i] = to[i];
        }
      }
    }

    /** What a fresh resolution returns, as each address's share. */
    private double[] targetShares() {
      double[] target = new double[present.length];
      if (failover()) {
        for (int i = 0; i < present.length; i++) {
          if (present[i]) {
            target[i] = 1.0;
            return target;
          }
        }
        return target;
      }
      int records = 0;
      for (boolean p : present) {
        records += p ? 1 : 0;
      }
      for (int i = 0; i < present.length; i++) {
        target[i] = present[i] && records > 0 ? 1.0 / records : 0.0;
      }
      return target;
    }
  }
}

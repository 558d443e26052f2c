#!/usr/bin/env python3
"""Where a command line's CPU goes, by phase, counted rather than timed.

Runs `java -jar JAR ARGS` for each JAR, alternating, RUNS times, with JDK 25's CPU-time sampler
(JFR's jdk.CPUTimeSample: a sample each THROTTLE of a thread's CPU time, each standing for the CPU
time since its thread's last one, so the sums are CPU time whatever else the machine runs), and
prints per JAR the medians of: the process's CPU seconds (user + system, every thread: the JIT
compilers and the collector included), the sampled Java threads' CPU by phase (the first phase in
PHASES one of whose frames a sample's stack holds), samples the JVM lost, classes loaded
(-Xlog:class+load, and how many came from the JDK's or the given cache) and methods compiled
(-XX:+PrintCompilation: tiers 1-3, tier 4). The profiled and counted runs are separate processes
(the profiler and the logs cost CPU of their own).

With --perf, each JAR is also run under `perf record -e cpu-clock` (a software clock: no processor
counters needed) and the process's CPU is split by thread: the main thread with the JVM's own
start ("main + VM start"), the engine's workers, the C1 and C2 JIT compilers, the collector and the
rest, in ms (samples at 1 kHz).

Usage: bench/phases.py [--runs N] [--java JAVA] [--perf] JAR[=JVMOPTS] ... -- ARGS...
  e.g. bench/phases.py --runs 3 /tmp/r1.jar /tmp/head.jar -- validate events/scenarios/db-failover.json
  A JAR may carry JVM options after '=' (comma-separated), e.g. head.jar=-XX:AOTCache=head.aot;
  build a git ref's jar with ./mvnw -q -pl infra/local -am package -DskipTests in its worktree.
Needs a JDK >= 25 (the CPU-time sampler; Linux) and GNU time at /usr/bin/time.
"""
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from collections import defaultdict

from jvmruns import class_loads, compilations, cpu_seconds, jvm, parse, parser

PHASES = [
    ("profiler", ["jdk.jfr."]),
    ("schema compile", ["ScenarioCodec.schema", "SchemaRegistry.getSchema", "JsonSchemaFactory.getSchema"]),
    ("schema validate", ["com.networknt.schema."]),
    ("semantic validate", ["engine.validate.ScenarioValidator."]),
    ("map to model", ["ScenarioCodec.toScenario"]),
    ("read JSON", ["ScenarioCodec.parse", "ScenarioCodec.readJsonTree", "ScenarioFiles.", "ScenarioOverrides."]),
    ("simulation", ["dev.archsim.engine.sim.", "ProcessShard."]),
    ("output", ["ResultTable.", "ResultView.", "OutputOptions", "CompleteRun.", "ResultCodec.", "Reports.",
                "WorkEstimate."]),
    ("command line", ["ArchsimCommand.commandLine", "picocli.CommandLine.<init>", "picocli.CommandLine.addSubcommand",
                      "picocli.CommandLine$Model", "picocli.CommandLine.parseArgs", "picocli.CommandLine$Interpreter",
                      "Help.applyTo", "picocli.CommandLine$Help"]),
    ("price book", ["usePriceCache", "engine.catalog."]),
    ("pipeline", ["LocalPipeline", "SubmitRun", "ThreadPoolShardQueue", "dev.archsim.core.run."]),
    ("launcher", ["sun.launcher.", "LauncherHelper"]),
]


def phase_of(frames):
    for name, marks in PHASES:
        for f in frames:
            if any(m in f for m in marks):
                return name
    return "other"


def period_ms(v):
    if isinstance(v, (int, float)):
        return v / 1e6
    s = str(v)
    if s.startswith("PT") and s.endswith("S"):
        return float(s[2:-1]) * 1000
    raise ValueError("unexpected samplingPeriod " + s)


def profile(jfr_tool, path):
    raw = subprocess.run(
        [jfr_tool, "print", "--json", "--stack-depth", "512", "--events",
         "jdk.CPUTimeSample,jdk.CPUTimeSamplesLost", path], check=True, capture_output=True, text=True).stdout
    per = defaultdict(float)
    for e in json.loads(raw)["recording"]["events"]:
        v = e["values"]
        if e["type"] == "jdk.CPUTimeSamplesLost":
            per["(samples lost)"] += v["lostSamples"]
            continue
        frames = [f["method"]["type"]["name"].replace("/", ".") + "." + f["method"]["name"]
                  for f in (v.get("stackTrace") or {}).get("frames", [])]
        per[phase_of(frames)] += period_ms(v["samplingPeriod"])
    return per


THREADS = [("main + VM start", lambda c: c == "java"), ("workers", lambda c: c.startswith("archsim-worker")),
           ("JIT C1", lambda c: c.startswith("C1 ")), ("JIT C2", lambda c: c.startswith("C2 ")),
           ("GC", lambda c: c.startswith("GC ") or c.startswith("G1 "))]


def cpu_by_thread(cmd, tmp):
    """ms of CPU per kind of thread: perf's cpu-clock samples at 1 kHz, by the thread's name."""
    data = os.path.join(tmp, "perf.data")
    subprocess.run(["perf", "record", "-q", "-e", "cpu-clock", "-F", "1000", "-o", data, "--"] + cmd,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    out = subprocess.run(["perf", "report", "-i", data, "--sort", "comm", "--stdio", "-F", "sample,comm"],
                         capture_output=True, text=True, check=False).stdout
    per = defaultdict(float)
    for line in out.splitlines():
        m = re.match(r"^\s+(\d+)\s+(.*?)\s*$", line)
        if not m:
            continue
        n, comm = int(m.group(1)), m.group(2)
        kind = next((k for k, test in THREADS if test(comm)), "other threads")
        per[kind] += n
        per["total"] += n
    return per


def main():
    ap = parser(__doc__, runs=3)
    ap.add_argument("--throttle", default="2ms")
    ap.add_argument("--perf", action="store_true", help="CPU by thread from perf's cpu-clock")
    a, jars, args = parse(ap)
    jfr_tool = os.path.join(os.path.dirname(a.java), "jfr")
    rows = {j: defaultdict(list) for j in jars}
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(a.runs):
            for j in jars:
                jar, java = jvm(a.java, j)
                rows[j]["process CPU s"].append(cpu_seconds(java + ["-jar", jar] + args, tmp))
                rec = os.path.join(tmp, "p.jfr")
                settings = ("jdk.CPUTimeSample#enabled=true,jdk.CPUTimeSample#throttle=" + a.throttle
                            + ",filename=" + rec)
                subprocess.run(java + ["-XX:StartFlightRecording:" + settings, "-Xlog:jfr*=off", "-jar", jar]
                               + args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
                p = profile(jfr_tool, rec)
                for n in [n for n, _ in PHASES] + ["other"]:
                    rows[j]["sampled " + n + " ms"].append(p.get(n, 0.0))
                rows[j]["(samples lost)"].append(p.get("(samples lost)", 0))
                rows[j]["sampled total ms (no profiler)"].append(
                    sum(v for k, v in p.items() if k not in ("profiler", "(samples lost)")))
                log = os.path.join(tmp, "classes.txt")
                out = subprocess.run(java + ["-Xlog:class+load=info:file=" + log, "-XX:+PrintCompilation", "-jar",
                                             jar] + args, capture_output=True, text=True, check=False).stdout
                kinds = [kind for _, kind, _ in class_loads(log)]
                rows[j]["classes loaded"].append(len(kinds))
                rows[j]["  from a CDS/AOT cache"].append(kinds.count("archive"))
                tiers = [tier for tier, _ in compilations(out)]
                rows[j]["compiled, tiers 1-3"].append(sum(1 <= t <= 3 for t in tiers))
                rows[j]["compiled, tier 4"].append(tiers.count(4))
                if a.perf:
                    per = cpu_by_thread(java + ["-jar", jar] + args, tmp)
                    for n in [k for k, _ in THREADS] + ["other threads", "total"]:
                        rows[j]["perf ms: " + n].append(per.get(n, 0))
                print(f"run {r + 1}/{a.runs}: {jar}: {rows[j]['process CPU s'][-1]:.2f} s CPU", file=sys.stderr)
    names = ["process CPU s"] + ["sampled " + n + " ms" for n, _ in PHASES] + ["sampled other ms",
             "sampled total ms (no profiler)", "(samples lost)", "classes loaded", "  from a CDS/AOT cache",
             "compiled, tiers 1-3", "compiled, tier 4"]
    if a.perf:
        names += ["perf ms: " + k for k, _ in THREADS] + ["perf ms: other threads", "perf ms: total"]
    print(f"{os.cpu_count()} cores; java -jar JAR {' '.join(args)}; median of {a.runs} processes per cell")
    print(f"{'':34s}" + "".join(f"{os.path.basename(j)[:22]:>24s}" for j in jars))
    for n in names:
        print(f"{n:34s}" + "".join(f"{statistics.median(rows[j][n] or [0]):24.2f}" if n == 'process CPU s'
                                   else f"{statistics.median(rows[j][n] or [0]):24.0f}" for j in jars))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""What a command line does at start-up, counted rather than timed: the work the JVM does that a
loaded machine cannot hide and a quiet one turns into wall time.

For each JAR (alternating, RUNS times) runs `java -jar JAR ARGS` once with the JVM's logs and once
bare, and prints per JAR:
  - classes loaded, by where they came from: the JDK's CDS archive (or a given AOT cache), the JDK's
    modules (read, parsed and linked at run time), the jar (read, parsed, verified and linked), and
    hidden classes spun at run time (each lambda's class, each pattern-matching switch's, the JDK's
    lambda forms and string concatenations: generated with the ClassFile API, which is itself
    interpreted and compiled), with the hidden classes whose host is the application's own code
    (PREFIX) counted apart and listed by host with --hosts;
  - classes verified (-Xlog:class+init: the bytecode verifier runs on every class of the jar) and
    static initialisers run (<clinit>);
  - methods compiled by the JIT (-XX:+PrintCompilation), tiers 1-3 and tier 4, and of those the
    application's own (PREFIX), the JDK's ClassFile and method-handle code (java.lang.invoke,
    jdk.internal.classfile, java.lang.classfile: the price of spinning hidden classes) and the rest;
  - the process's CPU seconds (user + system, GNU time: every thread, the JIT's included), median
    and spread of the bare runs; on a loaded machine this moves by 10 % or more, the counts do not
    (the classes repeat exactly from run to run, the compilations vary by a few per cent).
With --by-package, the jar's classes loaded and the methods compiled by package (a diff of the
first JAR against each other).

Usage: bench/startup.py [--runs N] [--prefix dev.archsim] [--hosts] [--by-package]
                        JAR[=JVMOPTS] ... -- ARGS...
  e.g. bench/startup.py --runs 10 /tmp/r1.jar /tmp/head.jar -- run db-failover.json --trials 20
       --seed 1 --workers 2
  A JAR may carry JVM options after '=' (comma-separated), e.g. head.jar=-XX:AOTCache=head.aot.
  Build a git ref's jar with ./mvnw -q -pl infra/local -am package -DskipTests in its worktree.
Needs a JDK >= 21 (JAVA_HOME or java on the PATH; Linux) and GNU time at /usr/bin/time.
"""
import os
import re
import statistics
import subprocess
import sys
import tempfile
from collections import Counter

from jvmruns import class_loads, compilations, cpu_seconds, jvm, parse, parser

SPINNING = ("java.lang.invoke.", "jdk.internal.classfile.", "java.lang.classfile.", "java.lang.runtime.",
            "sun.invoke.", "jdk.internal.constant.")


def package(cls):
    return re.sub(r"\.[A-Z][^.]*$", "", cls)


def counts(java, jar, args, prefix, tmp):
    log = os.path.join(tmp, "jvm.log")
    out = subprocess.run(java + ["-Xlog:class+load=info,class+init=info:file=" + log, "-XX:+PrintCompilation",
                                "-jar", jar] + args, capture_output=True, text=True, check=False).stdout
    c = Counter()
    by_host = Counter()
    jar_packages = Counter()
    compiled_packages = Counter()
    for name, kind, source in class_loads(log):
        c["classes loaded"] += 1
        if kind == "archive":
            c["  from the CDS/AOT archive"] += 1
        elif kind == "jdk":
            c["  from the JDK's modules"] += 1
        elif kind == "jar":
            c["  from the jar"] += 1
            jar_packages[package(name)] += 1
        else:
            c["  hidden, spun at run time"] += 1
            if source.startswith(prefix):
                c["    of which hosted by " + prefix] += 1
                by_host[re.sub(r"\$\$.*", "", name) + " " + ("switch" if "Switch" in name else "lambda")] += 1
    for line in open(log, errors="replace"):
        if "[class,init]" in line:
            if "Start class verification" in line:
                c["classes verified"] += 1
            elif "Initializing '" in line and "(no method)" not in line:
                c["static initialisers run"] += 1
    for tier, cls in compilations(out):
        c["methods compiled, tier 4" if tier == 4 else "methods compiled, tiers 1-3"] += 1
        if cls.startswith(prefix):
            c["  of which " + prefix + " (all tiers)"] += 1
        elif cls.startswith(SPINNING):
            c["  of which method handles, ClassFile API"] += 1
        else:
            c["  of which the rest (JDK, libraries)"] += 1
        compiled_packages[package(cls)] += 1
    return c, by_host, jar_packages, compiled_packages


ROWS = ["classes loaded", "  from the CDS/AOT archive", "  from the JDK's modules", "  from the jar",
        "  hidden, spun at run time", None, "classes verified", "static initialisers run",
        "methods compiled, tiers 1-3", "methods compiled, tier 4", None,
        "  of which method handles, ClassFile API", "  of which the rest (JDK, libraries)"]


def main():
    ap = parser(__doc__, runs=5)
    ap.add_argument("--prefix", default="dev.archsim")
    ap.add_argument("--hosts", action="store_true", help="the hidden classes by host class")
    ap.add_argument("--by-package", action="store_true", help="jar classes and compilations by package")
    a, jars, args = parse(ap)
    rows = {j: {} for j in jars}
    cpu = {j: [] for j in jars}
    extra = {}
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(a.runs):
            for j in jars:
                jar, java = jvm(a.java, j)
                cpu[j].append(cpu_seconds(java + ["-jar", jar] + args, tmp))
                if r == 0 or r == a.runs - 1 and a.runs > 1:  # counts twice: first and last run
                    c, hosts, jp, cp = counts(java, jar, args, a.prefix, tmp)
                    for k, v in c.items():
                        rows[j].setdefault(k, []).append(v)
                    extra[j] = (hosts, jp, cp)
                print(f"run {r + 1}/{a.runs}: {jar}: {cpu[j][-1]:.2f} s CPU", file=sys.stderr)
    names = []
    for n in ROWS:
        if n is None:
            continue
        names.append(n)
        if n == "  hidden, spun at run time":
            names.append("    of which hosted by " + a.prefix)
        if n == "methods compiled, tier 4":
            names.append("  of which " + a.prefix + " (all tiers)")
    w = max(len(n) for n in names) + 2
    print(f"{os.cpu_count()} cores; java -jar JAR {' '.join(args)}")
    print(f"{'':{w}s}" + "".join(f"{os.path.basename(j.partition('=')[0])[:22]:>24s}" for j in jars))
    for n in names:
        cells = []
        for j in jars:
            v = rows[j].get(n, [0])
            cells.append(f"{v[0]:24d}" if len(set(v)) == 1 else f"{'/'.join(str(x) for x in v):>24s}")
        print(f"{n:{w}s}" + "".join(cells))
    print(f"{'process CPU s, median':{w}s}" + "".join(f"{statistics.median(cpu[j]):24.2f}" for j in jars))
    print(f"{'  min - max':{w}s}" + "".join(f"{min(cpu[j]):11.2f} - {max(cpu[j]):10.2f}" for j in jars))
    print(f"(counts: the first and the last run, a/b where they differ; CPU: {a.runs} runs, jars alternating)")
    if a.hosts:
        for j in jars:
            print(f"\nhidden classes hosted by {a.prefix}, by host, {os.path.basename(j.partition('=')[0])}:")
            for k, v in extra[j][0].most_common():
                print(f"  {v:4d} {k}")
    if a.by_package and len(jars) > 1:
        for idx, title in ((1, "jar classes loaded"), (2, "methods compiled")):
            print(f"\n{title} by package, {jars[0]} -> each other (changed packages only):")
            base = extra[jars[0]][idx]
            for j in jars[1:]:
                other = extra[j][idx]
                for p in sorted(set(base) | set(other), key=lambda p: -(abs(other[p] - base[p]))):
                    if other[p] != base[p]:
                        print(f"  {p:55s} {base[p]:5d} {other[p]:5d} {other[p] - base[p]:+5d}")


if __name__ == "__main__":
    main()

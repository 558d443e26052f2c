"""What bench/startup.py and bench/phases.py share: their command line (JARs, each with JVM options
after '=', then --, then the command's arguments), the process's CPU seconds under GNU time, and the
reading of the JVM's class-load log (-Xlog:class+load) and of -XX:+PrintCompilation's lines.

Not a script of its own: the two import it from the folder they stand in.
"""
import argparse
import os
import re
import subprocess
import sys

# -XX:+PrintCompilation: timestamp, compile id, attributes (% OSR, s synchronized, ! handlers,
# b blocking, n native), tier, Class::method
COMPILED = re.compile(r"^\s*\d+\s+\d+\s+([%sbn! ]*?)\s*([0-4])\s+(\S+)::(\S+)")
CLASS_LOAD = re.compile(r"\[class,load\] (\S+) source: (.*)$")


def parser(doc, runs):
    """A parser with the shared options, --runs (default `runs`) and --java (JAVA_HOME's, else java
    on the PATH); `doc` is the usage text, printed as it is written (a '%' in it is no format)."""
    ap = argparse.ArgumentParser(usage=doc.replace("%", "%%"))
    ap.add_argument("--runs", type=int, default=runs)
    ap.add_argument("--java", default=os.path.join(os.environ["JAVA_HOME"], "bin", "java")
                    if os.environ.get("JAVA_HOME") else "java")
    return ap


def parse(ap):
    """Adds the rest of the command line (the JARs, then --, then the command's arguments), parses it
    and answers (options, JARs as given with their '=JVMOPTS', the command's arguments); exits
    saying what is missing when there is no --."""
    ap.add_argument("rest", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    if "--" not in a.rest:
        sys.exit("give the jars, then --, then the command's arguments")
    cut = a.rest.index("--")
    return a, a.rest[:cut], a.rest[cut + 1:]


def jvm(java, spec):
    """The jar of a JAR[=JVMOPTS] and the JVM's command before `-jar` (java and the options)."""
    jar, _, opts = spec.partition("=")
    return jar, [java] + [o for o in opts.split(",") if o]


def cpu_seconds(cmd, tmp):
    """User + system CPU seconds of the process (every thread), from GNU time."""
    t = os.path.join(tmp, "time.txt")
    subprocess.run(["/usr/bin/time", "-f", "%U %S", "-o", t] + cmd, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=False)
    u, s = open(t).read().split()[-2:]
    return float(u) + float(s)


def class_loads(path):
    """(class name, kind, source) of each class a -Xlog:class+load log says was loaded; the kind is
    "archive" (the JDK's CDS archive or an AOT cache), "jdk" (the JDK's modules, read at run time),
    "jar" (the class path) or "hidden" (spun at run time: the source names its host class)."""
    for line in open(path, errors="replace"):
        if "[class,load]" not in line:
            continue
        m = CLASS_LOAD.search(line)
        if not m:
            continue
        name, source = m.group(1), m.group(2)
        if "shared objects file" in source:
            kind = "archive"
        elif source.startswith("jrt:/"):
            kind = "jdk"
        elif source.startswith("file:") or source.startswith("jar:"):
            kind = "jar"
        else:
            kind = "hidden"
        yield name, kind, source


def compilations(out):
    """(tier, class) of each method the JIT compiled, from -XX:+PrintCompilation's lines in `out`:
    native wrappers and the lines saying a method was made not entrant left out."""
    for line in out.splitlines():
        m = COMPILED.match(line)
        if not m or "n" in m.group(1) or "made not entrant" in line:
            continue
        yield int(m.group(2)), m.group(3)

"""Runs the peer comparison of bench/compare.sh and writes its markdown table.

Every tool (archsim's request-level mode, CloudSim Plus, SimPy, Ciw) simulates the same M/M/c
queues at the same sizes, each in processes of its own:

- Speed: RUNS fresh processes per tool, queue and size, timed in turn (run 1 of every tool, then
  run 2, ...) so that every tool sees the same state of the machine; the table gives the median
  wall time of the process (start-up included), the median time of the simulation itself (as the
  tool's process reports it) and the median peak resident set size (`/usr/bin/time -v`).
- Accuracy: the mean wait in queue and the mean response time of SEEDS seeds (the timed runs are
  seeds 1..RUNS, the others run afterwards, untimed, JOBS processes at a time) against Erlang C, as
  the mean and the standard deviation of the relative error over the seeds. One seed's error says
  little: its spread is the point.

A run fails the whole comparison (exit status 1) if a process fails, if a tool did not finish every
request it simulated, or if CloudSim Plus did not run every cloudlet (the Java side checks that).
"""

import argparse
import concurrent.futures
import datetime
import json
import math
import os
import platform
import re
import statistics
import subprocess
import sys
import time
import zipfile

JAVA_TOOLS = ("archsim", "cloudsimplus")
PYTHON_TOOLS = ("simpy", "ciw")
NAMES = {
    "archsim": "archsim, request-level mode",
    "cloudsimplus": "CloudSim Plus",
    "simpy": "SimPy",
    "ciw": "Ciw",
}


def erlang_c(servers, rho):
    """Mean wait in queue and mean response of M/M/c at utilisation rho, service mean 1."""
    a = rho * servers
    term = 1.0
    below = 0.0
    for k in range(servers):
        below += term
        term *= a / (k + 1)
    # term is now a^c / c!
    tail = term / (1 - rho)
    p_wait = tail / (below + tail)
    wait = p_wait / (servers - a)
    return wait, wait + 1.0


def command(args, tool, servers, rho, requests, seeds):
    seed_list = ",".join(str(s) for s in seeds)
    if tool in JAVA_TOOLS:
        return [args.java, "-cp", args.jar, "dev.archsim.bench.MmcPeer", tool,
                str(servers), str(rho), str(requests), seed_list]
    return [args.python, args.mmc, tool, str(servers), str(rho), str(requests), seed_list]


def parse_results(stdout, what):
    results = [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]
    if not results:
        raise RuntimeError(f"{what}: printed no result")
    return results


def check(result, what):
    problems = []
    if result["finished"] != result["simulated"]:
        problems.append(f"finished {result['finished']} of {result['simulated']} requests")
    if result["tool"] != "archsim" and result["simulated"] != result["requests"]:
        problems.append(f"simulated {result['simulated']} of {result['requests']} requests")
    if problems:
        raise RuntimeError(f"{what}: " + "; ".join(problems))


def timed_run(args, tool, servers, rho, requests, seed):
    what = f"{tool} M/M/{servers} rho {rho}, {requests} requests, seed {seed}"
    cmd = ["/usr/bin/time", "-v"] + command(args, tool, servers, rho, requests, [seed])
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{what}: exit status {proc.returncode}\n{proc.stderr[-3000:]}")
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
    if not rss:
        raise RuntimeError(f"{what}: no peak RSS in /usr/bin/time's output")
    cpu = sum(float(x) for x in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)",
                                             proc.stderr))
    (result,) = parse_results(proc.stdout, what)
    check(result, what)
    result.update(wall=wall, cpu=cpu, rss_kb=int(rss.group(1)), timed=True)
    return result


def batch_run(args, tool, servers, rho, requests, seeds):
    what = f"{tool} M/M/{servers} rho {rho}, {requests} requests, seeds {seeds}"
    proc = subprocess.run(command(args, tool, servers, rho, requests, seeds),
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{what}: exit status {proc.returncode}\n{proc.stderr[-3000:]}")
    results = parse_results(proc.stdout, what)
    if sorted(r["seed"] for r in results) != sorted(seeds):
        raise RuntimeError(f"{what}: results for seeds {[r['seed'] for r in results]}")
    for r in results:
        check(r, what)
        r["timed"] = False
    return results


def machine():
    model = ""
    try:
        with open("/proc/cpuinfo") as f:
            model = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), "")
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            kb = int(next(l.split()[1] for l in f if l.startswith("MemTotal")))
            mem = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration):
        pass
    return f"{os.cpu_count()} cores ({model or platform.processor()}), {mem}, {platform.system()}"


def versions(args):
    """The versions compared: the JDK, CloudSim Plus (from the jar), Python, SimPy, Ciw, archsim."""
    from importlib import metadata

    java = subprocess.run([args.java, "-version"], capture_output=True, text=True).stderr
    java = (java.splitlines() or ["?"])[0]
    with zipfile.ZipFile(args.jar) as jar:
        props = jar.read("META-INF/maven/org.cloudsimplus/cloudsimplus/pom.properties").decode()
    cloudsim = re.search(r"^version=(.*)$", props, re.M).group(1).strip()
    python = subprocess.run([args.python, "-c", "import platform, importlib.metadata as m;"
                             " print(platform.python_version(), m.version('simpy'),"
                             " m.version('ciw'))"], capture_output=True, text=True).stdout.split()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, cwd=os.path.dirname(os.path.abspath(__file__)))
    archsim = f"archsim {commit.stdout.strip()}" if commit.returncode == 0 else "archsim"
    return (f"{archsim}, {java}, CloudSim Plus {cloudsim}, Python {python[0]}, SimPy {python[1]},"
            f" Ciw {python[2]}")


def load():
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def fmt_seconds(s):
    return f"{s:.3f} s" if s < 10 else f"{s:.1f} s"


def fmt_ratio(r):
    return f"{r:.0f} x" if r >= 10 else f"{r:.2g} x"


def fmt_int(n):
    return f"{n:,}".replace(",", " ")


def fmt_error(values):
    if not values:
        return "n/a"
    mean = statistics.fmean(values)
    sd = statistics.stdev(values) if len(values) > 1 else float("nan")
    flag = ""
    if len(values) > 1 and abs(mean) > 3 * sd / math.sqrt(len(values)):
        flag = " (†)"
    return f"{100 * mean:+.2f} % ± {100 * sd:.2f} %{flag}"


def table(args, results, header):
    lines = [header, ""]
    lines.append(
        "| tool | queue | requests | wall time, process (median of "
        f"{args.runs}) | simulation only (median) | wall ÷ archsim | simulation ÷ archsim"
        f" | peak RSS (median) | mean wait vs Erlang C, mean ± sd of the error over {args.seeds}"
        " seeds | mean response vs Erlang C, same |")
    lines.append("|---|---|---|---|---|---|---|---|---|---|")
    for requests in args.sizes:
        for servers, rho in args.cases:
            wait_exact, response_exact = erlang_c(servers, rho)
            rows = {}
            for tool in args.tools:
                rs = [r for r in results if r["tool"] == tool and r["servers"] == servers
                      and r["rho"] == rho and r["requests"] == requests]
                timed = [r for r in rs if r["timed"]]
                rows[tool] = (rs, timed)
            base = rows.get("archsim")
            base_wall = statistics.median(r["wall"] for r in base[1]) if base else None
            base_sim = statistics.median(r["seconds"] for r in base[1]) if base else None
            for tool in args.tools:
                rs, timed = rows[tool]
                wall = statistics.median(r["wall"] for r in timed)
                sim = statistics.median(r["seconds"] for r in timed)
                rss = statistics.median(r["rss_kb"] for r in timed) / 1024
                waits = [(r["mean_wait"] - wait_exact) / wait_exact for r in rs
                         if r["mean_wait"] is not None]
                responses = [(r["mean_response"] - response_exact) / response_exact for r in rs]
                wall_ratio = fmt_ratio(wall / base_wall) if base_wall else ""
                sim_ratio = fmt_ratio(sim / base_sim) if base_sim else ""
                if tool == "archsim":
                    wall_ratio = sim_ratio = "1"
                lines.append(
                    f"| {NAMES[tool]} | M/M/{servers}, ρ {rho} | {fmt_int(requests)} | "
                    f"{fmt_seconds(wall)} ({fmt_seconds(min(r['wall'] for r in timed))}–"
                    f"{fmt_seconds(max(r['wall'] for r in timed))}) | {fmt_seconds(sim)} | "
                    f"{wall_ratio} | {sim_ratio} | {rss:.0f} MiB | "
                    f"{fmt_error(waits) if waits else 'not reported'} | {fmt_error(responses)} |")
    lines.append("")
    lines.append(
        "Erlang C: " + "; ".join(
            f"M/M/{c} ρ {r}: mean wait {erlang_c(c, r)[0]:.4f}, mean response "
            f"{erlang_c(c, r)[1]:.4f} (service mean 1)" for c, r in args.cases) + ".")
    lines.append(
        "(†): the mean error is more than 3 standard errors (sd / √seeds) from 0. archsim's"
        " request-level mode reports response times only (its result has no separate wait).")
    return "\n".join(lines) + "\n"


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--java", required=True)
    p.add_argument("--jar", required=True)
    p.add_argument("--python", required=True)
    p.add_argument("--mmc", default=os.path.join(os.path.dirname(__file__), "mmc.py"))
    p.add_argument("--sizes", default="100000,1000000")
    p.add_argument("--cases", default="3:0.8,10:0.9")
    p.add_argument("--tools", default="archsim,cloudsimplus,simpy,ciw")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--seeds", type=int, default=20)
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    p.add_argument("--out", required=True)
    p.add_argument("--raw", required=True)
    args = p.parse_args(argv[1:])
    problems = []
    try:
        args.sizes = [int(s) for s in args.sizes.split(",")]
        args.cases = [(int(c), float(r)) for c, r in (x.split(":") for x in args.cases.split(","))]
    except ValueError:
        problems.append("--sizes is N[,N...] and --cases is SERVERS:RHO[,SERVERS:RHO...]")
    args.tools = args.tools.split(",")
    unknown = [t for t in args.tools if t not in JAVA_TOOLS + PYTHON_TOOLS]
    if unknown:
        problems.append(f"--tools: unknown {unknown} (archsim, cloudsimplus, simpy, ciw)")
    if args.runs < 1:
        problems.append("--runs must be at least 1")
    if args.seeds < 2 or args.seeds < args.runs:
        problems.append("--seeds must be at least 2 and at least --runs")
    if args.jobs < 1:
        problems.append("--jobs must be at least 1")
    if not problems:
        if any(n < 1 for n in args.sizes):
            problems.append("--sizes must be positive")
        if any(c < 1 or not 0 < r < 1 for c, r in args.cases):
            problems.append("--cases need SERVERS >= 1 and 0 < RHO < 1")
    if problems:
        for problem in problems:
            print(f"compare: {problem}", file=sys.stderr)
        return 2

    started = datetime.datetime.now(datetime.timezone.utc)
    compared = versions(args)
    load_before = load()
    results = []
    # every result goes to the raw file as it arrives, so a run stopped early keeps what it measured
    raw = open(args.raw, "w")

    def keep(r):
        results.append(r)
        raw.write(json.dumps(r) + "\n")
        raw.flush()

    # speed: fresh processes, timed in turn
    for requests in args.sizes:
        for servers, rho in args.cases:
            for run in range(1, args.runs + 1):
                for tool in args.tools:
                    r = timed_run(args, tool, servers, rho, requests, run)
                    print(f"timed: {tool} M/M/{servers} rho {rho} n {requests} seed {run}:"
                          f" {r['wall']:.3f} s, {r['rss_kb'] // 1024} MiB", file=sys.stderr)
                    keep(r)
    load_after_timing = load()
    # accuracy: the other seeds, untimed, JOBS processes at a time, the largest first
    tasks = []
    rest = list(range(args.runs + 1, args.seeds + 1))
    per_task = max(1, math.ceil(len(rest) / max(2, args.jobs * 2)))
    for requests in sorted(args.sizes, reverse=True):
        for servers, rho in args.cases:
            for tool in args.tools:
                for i in range(0, len(rest), per_task):
                    tasks.append((tool, servers, rho, requests, rest[i:i + per_task]))
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = [pool.submit(batch_run, args, *t) for t in tasks]
        for f in futures:
            batch = f.result()
            print(f"seeds: {batch[0]['tool']} M/M/{batch[0]['servers']} n "
                  f"{batch[0]['requests']}: {[r['seed'] for r in batch]}", file=sys.stderr)
            for r in batch:
                keep(r)
    raw.close()
    header = (
        f"Peer comparison, {started:%Y-%m-%d %H:%M} UTC: {machine()}; {compared}. "
        f"Load average (1, 5, 15 min) {load_before} before, {load_after_timing} after the timed"
        f" runs. Each tool in fresh processes, one simulation per process for the timings"
        f" (`bench/compare.sh --sizes {','.join(map(str, args.sizes))} --cases"
        f" {','.join(f'{c}:{r}' for c, r in args.cases)} --runs {args.runs} --seeds"
        f" {args.seeds}`).")
    text = table(args, results, header)
    with open(args.out, "w") as f:
        f.write(text)
    print(text)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except RuntimeError as e:
        print(f"compare: {e}", file=sys.stderr)
        sys.exit(1)

"""The Python peers of the M/M/c comparison (bench/compare.sh): SimPy and Ciw.

One tool on one M/M/c queue (Poisson arrivals at utilisation rho, c servers, exponential service
of mean 1, first come first served, starting empty), once per seed, in this process. Prints one
JSON line per seed, the same line as the Java side (dev.archsim.bench.MmcPeer): requests simulated
and finished, the mean wait in queue, the mean response time, and the seconds the simulation took.

Each tool is set up the way its own documentation does it:
- SimPy: a source process that starts one customer process per arrival, each customer requesting
  a unit of a `simpy.Resource` of capacity c (`with resource.request() as req: yield req`) and
  holding it for its service time (`env.timeout`), as in SimPy's Bank Renege and Carwash examples,
  seeded with `random.seed`.
- Ciw: `ciw.create_network` with exponential arrival and service distributions and c servers,
  `ciw.seed`, `ciw.Simulation(network)`, `simulate_until_max_customers(n)` (its default method:
  until n customers have completed), and the waits and times from `get_all_records()`.

Usage: python mmc.py simpy|ciw SERVERS RHO REQUESTS SEED[,SEED...]
"""

import json
import random
import sys
import time


def simpy_mmc(servers, rho, requests, seed):
    import simpy

    random.seed(seed)
    arrival_rate = rho * servers
    env = simpy.Environment()
    resource = simpy.Resource(env, capacity=servers)
    totals = {"finished": 0, "wait": 0.0, "response": 0.0}

    def customer(env):
        arrive = env.now
        with resource.request() as req:
            yield req
            wait = env.now - arrive
            yield env.timeout(random.expovariate(1.0))
        totals["finished"] += 1
        totals["wait"] += wait
        totals["response"] += env.now - arrive

    def source(env):
        for _ in range(requests):
            env.process(customer(env))
            yield env.timeout(random.expovariate(arrival_rate))

    env.process(source(env))
    env.run()
    finished = totals["finished"]
    return requests, finished, totals["wait"] / finished, totals["response"] / finished


def ciw_mmc(servers, rho, requests, seed):
    import ciw

    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(rate=rho * servers)],
        service_distributions=[ciw.dists.Exponential(rate=1.0)],
        number_of_servers=[servers],
    )
    ciw.seed(seed)
    simulation = ciw.Simulation(network)
    simulation.simulate_until_max_customers(requests)
    records = simulation.get_all_records()
    served = [r for r in records if r.record_type == "service"]
    finished = len(served)
    wait = sum(r.waiting_time for r in served)
    response = sum(r.exit_date - r.arrival_date for r in served)
    return finished, finished, wait / finished, response / finished


TOOLS = {"simpy": simpy_mmc, "ciw": ciw_mmc}


def main(argv):
    if len(argv) != 6 or argv[1] not in TOOLS:
        print("usage: mmc.py simpy|ciw SERVERS RHO REQUESTS SEED[,SEED...]", file=sys.stderr)
        return 2
    tool = argv[1]
    servers, rho, requests = int(argv[2]), float(argv[3]), int(argv[4])
    if servers < 1 or not 0 < rho < 1 or requests < 1:
        print("mmc.py: need SERVERS >= 1, 0 < RHO < 1, REQUESTS >= 1", file=sys.stderr)
        return 2
    for seed in (int(s) for s in argv[5].split(",")):
        start = time.perf_counter()
        simulated, finished, mean_wait, mean_response = TOOLS[tool](servers, rho, requests, seed)
        seconds = time.perf_counter() - start
        print(
            json.dumps(
                {
                    "tool": tool,
                    "servers": servers,
                    "rho": rho,
                    "requests": requests,
                    "seed": seed,
                    "simulated": simulated,
                    "finished": finished,
                    "mean_wait": mean_wait,
                    "mean_response": mean_response,
                    "seconds": round(seconds, 6),
                }
            ),
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

#!/usr/bin/env python3
"""Generates archsim's catalog resources: every EC2 instance type, every commercial region with its
Availability Zones and per-AZ offerings (from the resources of a pinned moto wheel), and the shipped
price book (from the public price data in tools/catalog/data/aws and the hand-kept tables beside this
script, each row with its source).

Usage:
  python3 tools/catalog/generate.py [--wheel moto-5.2.5-py3-none-any.whl]

Without --wheel it runs `pip download moto==5.2.5 --no-deps` into a temporary directory. The wheel's
sha256 is checked against MOTO_SHA256. The output goes to
functions/engine/src/main/resources/dev/archsim/engine/catalog/ and is committed with the source.
Python 3.9+ and the standard library only.
"""
import argparse
import csv
import gzip
import hashlib
import io
import json
import os
import re
import struct
import subprocess
import sys
import tempfile
import zipfile
from collections import defaultdict

MOTO_VERSION = "5.2.5"
MOTO_SHA256 = "eef62cdcf3bfe73e0863743511ba042dfaba04ba3d5ecdcb896a196c693ad528"
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(ROOT, "functions/engine/src/main/resources/dev/archsim/engine/catalog")
DATA = os.path.join(HERE, "data/aws")

# Source ids written into every price file (one line each): id -> (text, date).
SOURCES = {
    "karpenter": (
        "Karpenter generated us-east-1 on-demand table (aws/karpenter-provider-aws"
        " pkg/providers/pricing/zz_generated.pricing_aws.go at 1d927085, from the AWS Price List"
        " query API)",
        "2026-07-20",
    ),
    "skypilot-od": (
        "SkyPilot catalog catalogs/v7/aws/vms.csv (skypilot-org/skypilot-catalog at 001367d2,"
        " regenerated from the AWS price list), on-demand column",
        "undated (commit 001367d2)",
    ),
    "spot-advisor": (
        "EC2 Spot Instance Advisor feed (copy in alexei-led/spotinfo at 05e93313), Linux",
        "2025-06",
    ),
}
# How a Spot Advisor interruption bucket becomes interruptions per instance-month: the middle of the
# labelled band (<5 %, 5-10 %, 10-15 %, 15-20 %); >20 % has no upper label, taken as 25 %.
# Aurora MySQL/PostgreSQL run on the memory-optimised db.r* classes and these burstable ones (Aurora
# user guide, Concepts.DBInstanceClass.SupportAurora); not on db.m* classes.
AURORA_BURSTABLE = {"db.t3.small", "db.t3.medium", "db.t4g.medium", "db.t4g.large"}
BUCKET_RATE = [0.025, 0.075, 0.125, 0.175, 0.25]


def fetch_wheel(path):
    if path:
        return path
    tmp = tempfile.mkdtemp(prefix="moto-wheel-")
    subprocess.run(
        [sys.executable, "-m", "pip", "download", f"moto=={MOTO_VERSION}", "--no-deps", "-q", "-d", tmp],
        check=True,
    )
    return os.path.join(tmp, f"moto-{MOTO_VERSION}-py3-none-any.whl")


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def rows(path):
    """CSV rows of a hand-kept table, skipping '#' comment lines."""
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def fmt(x):
    # the shortest text that reads back as the same double (Java's Double.parseDouble agrees)
    return repr(float(x))


TABLE_MAGIC = 0x41435431  # "ACT1"


def table(records):
    """The catalog's table format (KeyedTable.java): magic, count, count+1 offsets into the record
    area, then UTF-8 records KEY<TAB>FIELD... sorted by the bytes of their ASCII keys. The engine
    finds a record by binary search and parses only that one."""
    keys = sorted(records, key=lambda k: k.encode("ascii"))
    area = bytearray()
    offsets = []
    for k in keys:
        fields = [str(f) for f in records[k]]
        if "\t" in k or any("\t" in f or "\n" in f for f in fields):
            sys.exit(f"table record {k!r} has a tab or line break")
        offsets.append(len(area))
        area += "\t".join([k] + fields).encode("utf-8")
    offsets.append(len(area))
    return struct.pack(">ii", TABLE_MAGIC, len(keys)) + b"".join(struct.pack(">i", o) for o in offsets) + bytes(area)


def write(rel, text, gz=False):
    path = os.path.join(OUT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    if gz:
        # mtime 0: the same input gives the same bytes
        with open(path, "wb") as f:
            with gzip.GzipFile(fileobj=f, mode="wb", mtime=0, compresslevel=9) as g:
                g.write(data)
    else:
        with open(path, "wb") as f:
            f.write(data)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--wheel", help="a local moto wheel (else pip downloads it)")
    args = ap.parse_args()
    wheel = fetch_wheel(args.wheel)
    digest = sha256(wheel)
    if digest != MOTO_SHA256:
        sys.exit(f"moto wheel sha256 {digest} != pinned {MOTO_SHA256}")
    z = zipfile.ZipFile(wheel)

    def res(name):
        return json.loads(gzip.decompress(z.read(name)))

    # ---- instance types
    types = res("moto/ec2/resources/instance_types.json.gz")
    # name -> vcpus, memoryMiB, architectures, flags, networkPerformance, baselineGbps, peakGbps
    # flags: b burstable, o on-demand, s spot, c current generation, m bare metal
    type_rows = {}
    for name in sorted(types):
        t = types[name]
        cards = t.get("NetworkInfo", {}).get("NetworkCards", [])
        base = sum(c.get("BaselineBandwidthInGbps", 0) for c in cards)
        peak = sum(c.get("PeakBandwidthInGbps", 0) for c in cards)
        usage = t.get("SupportedUsageClasses", [])
        flags = "".join(
            f
            for f, on in [
                ("b", t.get("BurstablePerformanceSupported")),
                ("o", "on-demand" in usage),
                ("s", "spot" in usage),
                ("c", t.get("CurrentGeneration")),
                ("m", t.get("BareMetal")),
            ]
            if on
        )
        archs = ",".join(a for a in t["ProcessorInfo"]["SupportedArchitectures"] if a != "i386")
        type_rows[name] = [
            str(t["VCpuInfo"]["DefaultVCpus"]),
            str(t["MemoryInfo"]["SizeInMiB"]),
            archs,
            flags,
            t.get("NetworkInfo", {}).get("NetworkPerformance", ""),
            fmt(base),
            fmt(peak),
        ]
    write("instance-types.bin.gz", table(type_rows), gz=True)

    credits = rows(os.path.join(HERE, "burstable-credits.csv"))
    out = ["# type\tcreditsPerHour\tmaxCredits\tvcpus\tbaselinePercent\tsource"]
    for r in credits:
        if r["type"] not in types:
            sys.exit(f"burstable-credits.csv: unknown type {r['type']}")
        if int(r["vcpus"]) != types[r["type"]]["VCpuInfo"]["DefaultVCpus"]:
            sys.exit(f"burstable-credits.csv: {r['type']} vCPUs differ from moto's")
        out.append("\t".join(r[k] for k in ["type", "creditsPerHour", "maxCredits", "vcpus", "baselinePercent", "source"]))
    burstable = {n for n, t in types.items() if t.get("BurstablePerformanceSupported")}
    missing = burstable - {r["type"] for r in credits}
    if missing:
        sys.exit(f"burstable types without a credit row: {sorted(missing)}")
    write("burstable-credits.tsv", "\n".join(out) + "\n")

    # ---- regions, AZs, offerings
    regions = res("moto/ssm/resources/regions.json.gz")["aws"]["service"]["global-infrastructure"]["regions"]
    commercial = sorted(r for r, v in regions.items() if v.get("partition", {}).get("Value") == "aws")
    locations = {r["region"]: r for r in rows(os.path.join(HERE, "region-locations.csv"))}
    if set(locations) != set(commercial):
        sys.exit(f"region-locations.csv must list exactly {commercial}")
    prefix = "moto/ec2/resources/instance_type_offerings/"
    names = set(z.namelist())
    reg_lines = ["# region\tlongName\tcity\tlatitude\tlongitude\tazIds\tazNames\toffering data"]
    offered_pairs = 0
    for r in commercial:
        v = regions[r]
        ids = sorted(v.get("availability-zones", {}).keys())
        by_id = defaultdict(set)
        by_name = defaultdict(set)
        has = f"{prefix}availability-zone-id/{r}.json.gz" in names
        if has:
            for o in res(f"{prefix}availability-zone-id/{r}.json.gz"):
                by_id[o["Location"]].add(o["InstanceType"])
            for o in res(f"{prefix}availability-zone/{r}.json.gz"):
                by_name[o["Location"]].add(o["InstanceType"])
            ids = sorted(set(ids) | set(by_id))
        # AZ names differ per account; moto's two offering files were recorded in one account, so
        # the name whose offerings equal an ID's offerings is that ID there. Ambiguous or unrecorded
        # names take the remaining IDs in order.
        mapping = {}
        for n in sorted(by_name):
            same = [i for i in ids if by_id.get(i) == by_name[n] and i not in mapping.values()]
            if len(same) == 1:
                mapping[n] = same[0]
        for n in sorted(by_name):
            if n not in mapping:
                rest = [i for i in ids if i not in mapping.values() and by_id.get(i) == by_name[n]]
                rest = rest or [i for i in ids if i not in mapping.values()]
                mapping[n] = rest[0]
        if not by_name:
            # no offering data: names a, b, c ... in ID order (an assumption, as for any account)
            mapping = {r + chr(ord("a") + k): i for k, i in enumerate(ids)}
        name_of = {i: n for n, i in mapping.items()}
        az_names = [name_of.get(i, "") for i in ids]
        loc = locations[r]
        reg_lines.append(
            "\t".join(
                [r, v["longName"]["Value"], loc["city"], loc["latitude"], loc["longitude"], ",".join(ids), ",".join(az_names), "1" if has else "0"]
            )
        )
        if has:
            # "#azs" -> the AZ IDs; TYPE -> bit k set when the k-th AZ ID offers it
            masks = defaultdict(int)
            for k, i in enumerate(ids):
                unknown = by_id.get(i, set()) - set(types)
                if unknown:
                    sys.exit(f"offering of unknown types in {i}: {sorted(unknown)[:5]}")
                for t in by_id.get(i, set()):
                    masks[t] |= 1 << k
                offered_pairs += len(by_id.get(i, set()))
            if len(ids) > 31:
                sys.exit(f"{r}: more than 31 AZs")
            off = {t: [str(m)] for t, m in masks.items()}
            off["#azs"] = ids
            write(f"offerings/{r}.bin.gz", table(off), gz=True)
    write("regions.tsv", "\n".join(reg_lines) + "\n")

    # ---- prices
    karpenter = {r["instanceType"]: float(r["usdPerHour"]) for r in csv.DictReader(open(os.path.join(DATA, "karpenter-us-east-1-ondemand.csv")))}
    od = defaultdict(dict)  # region -> type -> (usd, source id)
    for r in csv.DictReader(open(os.path.join(DATA, "ec2-ondemand-by-region.csv"))):
        od[r["region"]][r["instanceType"]] = (float(r["usdPerHour"]), "skypilot-od")
    with gzip.open(os.path.join(DATA, "skypilot-vms.csv.gz"), "rt") as f:
        for r in csv.DictReader(f):
            if r["Price"] and r["InstanceType"] not in od[r["Region"]]:
                od[r["Region"]][r["InstanceType"]] = (float(r["Price"]), "skypilot-od")
    for t, usd in karpenter.items():
        od["us-east-1"][t] = (usd, "karpenter")  # the dated reading wins in us-east-1
    spot = json.load(gzip.open(os.path.join(DATA, "spot-advisor-data.json.gz")))["spot_advisor"]

    svc = rows(os.path.join(HERE, "service-prices.csv"))
    managed = rows(os.path.join(HERE, "managed-classes.csv"))
    managed_lines = ["# kind\tname\tvcpus\tmemoryGiB\tsource of the specs\taurora (1: Aurora offers the class)"]
    base_rows = []  # (key, usd, unit, source, date) in us-east-1
    for m in managed:
        ec2 = m["name"].split(".", 1)[1]
        if ec2 not in types:
            sys.exit(f"managed-classes.csv: {m['name']} has no EC2 type {ec2}")
        vcpu = types[ec2]["VCpuInfo"]["DefaultVCpus"]
        mem = m["memoryGiB"] or fmt(types[ec2]["MemoryInfo"]["SizeInMiB"] / 1024)
        spec_src = "EC2 " + ec2 + " (moto)" if m["kind"] == "db" else m["source"].split(";")[0]
        aurora = m["kind"] == "db" and (m["name"].startswith("db.r") or m["name"] in AURORA_BURSTABLE)
        managed_lines.append("\t".join([m["kind"], m["name"], str(vcpu), mem, spec_src, "1" if aurora else "0"]))
        src = m["source"].split("; price ")[-1] if m["kind"] == "cache" else m["source"]
        for col, key in [("rdsUsd", "rds"), ("auroraUsd", "aurora"), ("cacheUsd", "elasticache")]:
            if m[col]:
                own = key == "aurora" and m.get("auroraSource")
                s = m["auroraSource"] if own else src
                date = (m.get("auroraDate") if own else m.get("date")) or (
                    "2026-11-23" if s.startswith("UNSOURCED") else "undated (read 2026-12-01)"
                )
                base_rows.append((f"{key}.{m['name']}.hour", float(m[col]), "hour", s, date))
    write("managed-classes.tsv", "\n".join(managed_lines) + "\n")

    explicit = defaultdict(dict)  # region -> key -> row
    for s in svc:
        explicit[s["region"]][s["key"]] = (s["key"], float(s["usd"]), s["unit"], s["source"], s["date"])
    for b in base_rows:
        explicit["us-east-1"][b[0]] = b
    unknown = sorted(set(explicit) - set(commercial) - {"*"})
    if unknown:
        sys.exit(f"service-prices.csv: rows for regions that are not commercial regions: {unknown}")
    us_m5 = od["us-east-1"]["m5.large"][0]

    price_regions = 0
    price_rows = 0
    for r in commercial:
        # "#src:ID" -> text, date; "e:TYPE" -> usd, source id; "p:TYPE" -> savings, bucket,
        # interruptions per month, source id; "s:KEY" -> usd, unit, source, date
        out = {}
        for sid, (text, date) in SOURCES.items():
            out["#src:" + sid] = [text, date]
        for t in sorted(od.get(r, {})):
            if t not in types:
                continue
            usd, sid = od[r][t]
            out["e:" + t] = [fmt(usd), sid]
            price_rows += 1
        for t, v in sorted(spot.get(r, {}).get("Linux", {}).items()):
            if t in types:
                out["p:" + t] = [str(v["s"] / 100.0), str(v["r"]), fmt(BUCKET_RATE[v["r"]]), "spot-advisor"]
        factor = od.get(r, {}).get("m5.large", (None,))[0]
        keys = sorted(set(explicit["us-east-1"]) | set(explicit["*"]))
        for k in keys:
            if k in explicit[r]:
                row = explicit[r][k]
            elif k in explicit["*"]:
                row = explicit["*"][k]
            elif r == "us-east-1":
                row = explicit["us-east-1"][k]
            elif factor is not None:
                base = explicit["us-east-1"][k]
                row = (
                    k,
                    base[1] * (factor / us_m5),
                    base[2],
                    "ESTIMATE: us-east-1 price "
                    + fmt(base[1])
                    + " x this region's EC2 price level (m5.large "
                    + fmt(factor)
                    + " / "
                    + fmt(us_m5)
                    + "); us-east-1 source: "
                    + base[3],
                    base[4],
                )
            else:
                continue  # unknown in this region (no row)
            out["s:" + k] = [fmt(row[1]), row[2], row[3], row[4]]
        write(f"prices/{r}.bin.gz", table(out), gz=True)
        if od.get(r):
            price_regions += 1

    meta = [
        "# generated by tools/catalog/generate.py; do not edit",
        f"moto.version={MOTO_VERSION}",
        f"moto.sha256={digest}",
        "priceBook.version=2026-07-20",
        f"count.instanceTypes={len(types)}",
        f"count.families={len({n.split('.')[0] for n in types})}",
        f"count.burstable={len(credits)}",
        f"count.regions={len(commercial)}",
        f"count.regionsWithOfferings={sum(1 for r in commercial if f'{prefix}availability-zone-id/{r}.json.gz' in names)}",
        f"count.offerings={offered_pairs}",
        f"count.regionsWithEc2Prices={price_regions}",
        f"count.ec2Prices={price_rows}",
        f"count.managedClasses={len(managed)}",
    ]
    write("catalog.properties", "\n".join(meta) + "\n")
    print("\n".join(meta[1:]))


if __name__ == "__main__":
    main()

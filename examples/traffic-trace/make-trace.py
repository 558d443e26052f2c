#!/usr/bin/env python3
"""Writes shop-requests.csv: two weekdays of an online shop's ALB RequestCount, 5-minute Sum,
shaped like `aws cloudwatch get-metric-statistics --namespace AWS/ApplicationELB
--metric-name RequestCount --statistics Sum --period 300` output turned into CSV.

The numbers are synthetic (a fixed seed, so the file is reproducible), not a customer's data:
a diurnal curve for a European shop (quiet 02:00-05:00 UTC, lunch bump, evening peak 19:00-21:00
UTC), multiplicative noise, a small marketing burst on day 2 at 12:00, and the night periods with
no requests missing, as CloudWatch omits them."""
import math
import random

random.seed(20261102)
rows = []
start = 1793577600  # 2026-11-02T00:00:00Z, a Monday
for day in range(2):
    for i in range(288):
        minute = i * 5
        h = minute / 60
        # evening peak near 20:00 UTC, lunch bump at 12:30, night floor
        d = min(abs(h - 20.0), 24 - abs(h - 20.0))  # circular: midnight joins the evening
        evening = math.exp(-(d**2) / (2 * 2.2**2))
        lunch = 0.45 * math.exp(-((h - 12.5) ** 2) / (2 * 1.3**2))
        morning = 0.35 / (1 + math.exp(-(h - 8.0) * 1.5)) * (1 - 1 / (1 + math.exp(-(h - 23) * 2)))
        rate = 4.0 + 95.0 * (evening + lunch + morning)  # requests per second
        if day == 1 and 12.0 <= h < 12.75:
            rate *= 1.8  # newsletter burst
        count = rate * 300 * random.lognormvariate(0, 0.06)
        if i > 0 and rate < 6 and random.random() < 0.15:
            continue  # a period without requests: CloudWatch returns no datapoint
        t = start + day * 86400 + minute * 60
        rows.append((t, round(count)))

import datetime

with open("shop-requests.csv", "w") as f:
    f.write("Timestamp,RequestCount\n")
    for t, c in rows:
        ts = datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        f.write(f"{ts},{c}\n")
print(len(rows), "rows,", sum(c for _, c in rows), "requests")

"""Reads the output of one load generator and prints one JSON object: rps, p50_ms, p99_ms, requests, errors.

    parse_load.py wrk|hey|ab|locust|rightsize FILE

FILE is the generator's stdout (for locust: the *_stats.csv that --csv writes). Used by bench/http and bench/latency.
"""
import csv
import json
import re
import sys

UNIT_MS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def wrk(text):
    def ms(label):
        value, unit = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M).groups()
        return float(value) * UNIT_MS[unit]

    requests = int(re.search(r"(\d+) requests in", text).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    errors = int(non2xx.group(1)) if non2xx else 0
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if socket:
        errors += sum(int(g) for g in socket.groups())
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)),
            "p50_ms": ms("50"), "p99_ms": ms("99"), "requests": requests, "errors": errors}


def hey(text):
    def ms(label):
        return float(re.search(rf"^\s+{label}% in ([\d.]+) secs", text, re.M).group(1)) * 1e3

    ok = sum(int(n) for n in re.findall(r"\[2\d\d\]\s+(\d+) responses", text))
    other = sum(int(n) for n in re.findall(r"\[[13-9]\d\d\]\s+(\d+) responses", text))
    failed = re.search(r"Error distribution:\n((?:\s+\[\d+\].*\n?)*)", text)
    errors = other + (sum(int(n) for n in re.findall(r"\[(\d+)\]", failed.group(1))) if failed else 0)
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)),
            "p50_ms": ms("50"), "p99_ms": ms("99"), "requests": ok + other, "errors": errors}


def ab(text):
    # ab prints its percentiles in whole milliseconds.
    def ms(label):
        return float(re.search(rf"^\s+{label}%\s+(\d+)", text, re.M).group(1))

    failed = int(re.search(r"Failed requests:\s+(\d+)", text).group(1))
    non2xx = re.search(r"Non-2xx responses:\s+(\d+)", text)
    return {"rps": float(re.search(r"Requests per second:\s+([\d.]+)", text).group(1)),
            "p50_ms": ms("50"), "p99_ms": ms("99"),
            "requests": int(re.search(r"Complete requests:\s+(\d+)", text).group(1)),
            "errors": failed + (int(non2xx.group(1)) if non2xx else 0)}


def locust(text):
    rows = {row["Name"]: row for row in csv.DictReader(text.splitlines())}
    row = rows["Aggregated"]
    return {"rps": float(row["Requests/s"]), "p50_ms": float(row["50%"]), "p99_ms": float(row["99%"]),
            "requests": int(row["Request Count"]), "errors": int(row["Failure Count"])}


def rightsize(text):
    j = json.loads(text)
    return {"rps": j["rps"], "p50_ms": j["latency_ms"]["p50"], "p99_ms": j["latency_ms"]["p99"],
            "requests": j["requests"], "errors": j["errors"]}


if __name__ == "__main__":
    tool, path = sys.argv[1], sys.argv[2]
    print(json.dumps(globals()[tool](open(path).read())))

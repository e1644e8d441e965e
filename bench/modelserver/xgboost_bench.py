#!/usr/bin/python3
"""Times xgboost's own inplace_predict on the demo model, on one thread, for comparison with the model server.

    /usr/bin/python3 bench/modelserver/xgboost_bench.py MODEL_JSON ROWS_CSV [--smoke]

Prints one JSON object: single_row_us (mean latency of one single-row call) and batch_rows_per_s (1,000-row batches),
each from the fastest of several rounds: on a shared machine, other work only ever adds time.
"""
import json
import sys
import time

import numpy as np
import xgboost as xgb


def read_rows(path):
    with open(path, encoding="utf-8") as f:
        rows = [[float(c) if c else np.nan for c in line.rstrip("\n").split(",")] for line in f if line.strip()]
    return np.array(rows, dtype=np.float32)


def time_calls(call, repeats, rounds):
    """The fastest round's mean time per call, in seconds."""
    for _ in range(max(1, repeats // 10)):
        call()
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(repeats):
            call()
        samples.append((time.perf_counter() - start) / repeats)
    return min(samples)


def main():
    model_path, rows_path = sys.argv[1], sys.argv[2]
    smoke = "--smoke" in sys.argv[3:]
    booster = xgb.Booster(model_file=model_path)
    booster.set_param({"nthread": 1})
    rows = read_rows(rows_path)
    one = rows[:1]

    single = time_calls(lambda: booster.inplace_predict(one, missing=np.nan), 200 if smoke else 2000, 3 if smoke else 7)
    batch = time_calls(lambda: booster.inplace_predict(rows, missing=np.nan), 3 if smoke else 20, 3 if smoke else 7)
    print(json.dumps({
        "xgboost_version": xgb.__version__,
        "rows": len(rows),
        "single_row_us": single * 1e6,
        "batch_rows_per_s": len(rows) / batch,
    }))


if __name__ == "__main__":
    main()

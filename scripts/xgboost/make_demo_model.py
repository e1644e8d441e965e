#!/usr/bin/python3
"""Trains the demo model: a binary:logistic XGBoost model sized like a typical production one (300 trees of depth 6 on
24 features), and writes it with sample CSV payloads to src/RightSize.ModelServer/DemoModel/ and 1,000 rows for the
benchmark to bench/modelserver/rows-1000.csv.

Run with Debian's python3-xgboost (1.7.x), not a pyenv python:
    /usr/bin/python3 scripts/xgboost/make_demo_model.py
"""
import os

import numpy as np
import xgboost as xgb
from sklearn.datasets import make_classification

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "src", "RightSize.ModelServer", "DemoModel")
BENCH_ROWS = os.path.join(ROOT, "bench", "modelserver", "rows-1000.csv")
FEATURES = 24
MAX_MODEL_BYTES = 12 * 1024 * 1024


def write_rows(path, rows):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for row in rows:
            f.write(",".join("" if np.isnan(v) else str(np.float32(v)) for v in row) + "\n")


def main():
    # A churn-like tabular problem: informative, redundant and noise features on different scales, some missing.
    x, y = make_classification(n_samples=20000, n_features=FEATURES, n_informative=12, n_redundant=6,
                               flip_y=0.05, class_sep=0.8, random_state=42)
    rng = np.random.default_rng(42)
    x = x * rng.uniform(0.5, 200.0, size=FEATURES) + rng.uniform(-50.0, 50.0, size=FEATURES)
    x[rng.random(x.shape) < 0.02] = np.nan

    params = {"objective": "binary:logistic", "max_depth": 6, "eta": 0.1, "subsample": 0.8,
              "colsample_bytree": 0.8, "eval_metric": "logloss", "seed": 42, "nthread": 2}
    booster = xgb.train(params, xgb.DMatrix(x, label=y, missing=np.nan), num_boost_round=300)

    os.makedirs(os.path.join(OUT, "payloads"), exist_ok=True)
    model_path = os.path.join(OUT, "model.json")
    booster.save_model(model_path)
    size = os.path.getsize(model_path)
    if size > MAX_MODEL_BYTES:
        raise SystemExit(f"model.json is {size} bytes, over the {MAX_MODEL_BYTES} byte budget")

    samples = x[rng.choice(len(x), size=1013, replace=False)]
    for i in range(3):
        write_rows(os.path.join(OUT, "payloads", f"row-{i + 1}.csv"), samples[i:i + 1])
    write_rows(os.path.join(OUT, "payloads", "batch-10.csv"), samples[3:13])
    # Distinct rows for bench/modelserver: a 1,000-row batch, like the CLI's batch benchmarks.
    write_rows(BENCH_ROWS, samples[13:])
    print(f"model.json: {booster.num_boosted_rounds()} trees, {size / 1e6:.1f} MB; payloads in {OUT}/payloads")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Trains one small XGBoost model per supported objective and writes golden test data.

Run with Debian's python3-xgboost (1.7.x), not a pyenv python:
    /usr/bin/python3 scripts/xgboost/make_golden.py [OUTPUT_DIR]

For each case it writes OUTPUT_DIR/<case>/model.json, input.csv (no header; empty cells are missing values) and
expected.csv (xgboost's predictions, one row per input row, class probabilities comma-joined).
The predictions are made on the values parsed back from input.csv, so both sides see identical float32 features.
"""
import os
import sys

import numpy as np
import xgboost as xgb
from sklearn.datasets import load_breast_cancer, load_diabetes, load_digits, load_iris, load_wine

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_OUT = os.path.join(ROOT, "tests", "RightSize.ModelServer.Tests", "Golden")
GOLDEN_ROWS = 60


def inject_missing(x, fraction, rng):
    x = x.astype(np.float64).copy()
    x[rng.random(x.shape) < fraction] = np.nan
    return x


def fmt(value):
    return "" if np.isnan(value) else str(np.float32(value))


def write_csv(path, rows):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for row in rows:
            f.write(",".join(fmt(v) for v in row) + "\n")


def read_csv(path):
    with open(path, encoding="utf-8") as f:
        rows = [[float(c) if c else np.nan for c in line.rstrip("\n").split(",")] for line in f]
    return np.array(rows, dtype=np.float32)


def make_case(out_dir, name, x, y, params, rounds, rng):
    case_dir = os.path.join(out_dir, name)
    os.makedirs(case_dir, exist_ok=True)
    booster = xgb.train(params, xgb.DMatrix(x, label=y, missing=np.nan), num_boost_round=rounds)
    booster.save_model(os.path.join(case_dir, "model.json"))

    picked = x[rng.choice(len(x), size=min(GOLDEN_ROWS, len(x)), replace=False)]
    write_csv(os.path.join(case_dir, "input.csv"), picked)
    parsed = read_csv(os.path.join(case_dir, "input.csv"))
    predictions = booster.inplace_predict(parsed, missing=np.nan)
    write_csv(os.path.join(case_dir, "expected.csv"), predictions.reshape(len(parsed), -1))
    print(f"{name}: {booster.num_boosted_rounds()} rounds, {len(parsed)} rows, "
          f"{os.path.getsize(os.path.join(case_dir, 'model.json')) // 1024} KiB")


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUT
    rng = np.random.default_rng(20261122)
    base = {"max_depth": 4, "eta": 0.3, "seed": 7, "nthread": 1}

    xd, yd = load_diabetes(return_X_y=True)
    xd_missing = inject_missing(xd, 0.1, rng)
    make_case(out_dir, "reg-squarederror", xd_missing, yd,
              {**base, "objective": "reg:squarederror", "base_score": 150.0}, 40, rng)
    y_scaled = (yd - yd.min()) / (yd.max() - yd.min())
    make_case(out_dir, "reg-logistic", xd_missing, y_scaled,
              {**base, "objective": "reg:logistic", "base_score": 0.3}, 30, rng)

    xb, yb = load_breast_cancer(return_X_y=True)
    make_case(out_dir, "binary-logistic", inject_missing(xb, 0.05, rng), yb,
              {**base, "objective": "binary:logistic"}, 30, rng)
    make_case(out_dir, "binary-logitraw", xb, yb,
              {**base, "objective": "binary:logitraw", "base_score": 0.7}, 30, rng)

    xi, yi = load_iris(return_X_y=True)
    make_case(out_dir, "multi-softprob", inject_missing(xi, 0.05, rng), yi,
              {**base, "objective": "multi:softprob", "num_class": 3}, 20, rng)
    xw, yw = load_wine(return_X_y=True)
    make_case(out_dir, "multi-softmax", xw, yw,
              {**base, "objective": "multi:softmax", "num_class": 3}, 20, rng)
    xg, yg = load_digits(return_X_y=True)
    make_case(out_dir, "multi-softprob-digits", xg, yg,
              {**base, "objective": "multi:softprob", "num_class": 10, "max_depth": 3}, 8, rng)


if __name__ == "__main__":
    main()

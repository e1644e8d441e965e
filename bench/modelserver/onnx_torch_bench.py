#!/usr/bin/python3
"""torch's side of the ONNX comparison in bench/modelserver/run.sh: the demo ONNX model (the MLP of
scripts/onnx/make_models.py) rebuilt in torch from model.onnx's own weights, scored on one thread.

    /usr/bin/python3 onnx_torch_bench.py MODEL_ONNX GOLDEN_DIR [--smoke]

Checks first that torch's outputs on the golden rows match expected.json within 1e-5 (the same model), then prints
JSON: rows-per-second on batches of 1,024 rows (the golden rows tiled, as the .NET side scores them) and the time of
one row, the fastest of several rounds (on a shared machine other work only adds time).
"""
import json
import os
import sys
import time

import numpy as np
import onnx
import torch
from onnx import numpy_helper

BATCH_ROWS = 1024


def main():
    model_path, golden, smoke = sys.argv[1], sys.argv[2], "--smoke" in sys.argv
    torch.set_num_threads(1)
    weights = {i.name: torch.from_numpy(numpy_helper.to_array(i).copy()) for i in onnx.load(model_path).graph.initializer}
    mlp = torch.nn.Sequential(torch.nn.Linear(64, 64), torch.nn.ReLU(), torch.nn.Linear(64, 10), torch.nn.Softmax(dim=-1))
    mlp.load_state_dict({"0.weight": weights["layers.0.weight"], "0.bias": weights["layers.0.bias"],
                         "2.weight": weights["layers.2.weight"], "2.bias": weights["layers.2.bias"]})
    mlp.eval()
    with open(os.path.join(golden, "request.json"), encoding="utf-8") as f:
        rows = np.array(json.load(f)["instances"], dtype=np.float32)
    with open(os.path.join(golden, "expected.json"), encoding="utf-8") as f:
        expected = np.array(json.load(f)["predictions"], dtype=np.float64)
    batch = torch.from_numpy(np.tile(rows, (BATCH_ROWS // len(rows), 1)))
    one = torch.from_numpy(rows[:1])
    rounds, batches, singles = (2, 5, 200) if smoke else (5, 200, 5000)
    with torch.inference_mode():
        difference = float(np.abs(mlp(torch.from_numpy(rows)).numpy() - expected).max())
        if difference > 1e-5:
            sys.exit(f"torch's rebuilt MLP differs from the golden outputs by {difference}: not the same model")
        best_batch = best_single = float("inf")
        for _ in range(rounds):
            start = time.perf_counter()
            for _ in range(batches):
                mlp(batch)
            best_batch = min(best_batch, (time.perf_counter() - start) / batches)
            start = time.perf_counter()
            for _ in range(singles):
                mlp(one)
            best_single = min(best_single, (time.perf_counter() - start) / singles)
    print(json.dumps({"torch_version": torch.__version__, "rows": BATCH_ROWS, "max_difference": difference,
                      "batch_rows_per_s": BATCH_ROWS / best_batch, "single_row_us": best_single * 1e6}))


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Builds the small ONNX models builtin:onnx is tested on, with golden outputs computed by torch.

Run with Debian's python3-torch, python3-onnx and python3-sklearn (apt-get install them), not a pyenv python:
    /usr/bin/python3 scripts/onnx/make_models.py [OUTPUT_DIR]

For each case it writes OUTPUT_DIR/<case>/model.onnx (torch.onnx.export, dynamic batch), request.json (the request
body: {"instances": ...} for one input, {"inputs": {...}} for several), expected.json (torch's outputs as
{"predictions": ...}) and, for the single-input models, request.csv (the same rows flattened) and request.npy
(numpy.save of the batch; the MLP also gets request-float64.npy, the wrong dtype). The cases:
  mlp-digits          an MLP trained on scikit-learn's digits (64 pixels -> 10 class probabilities)
  cnn-digits          a small CNN trained on the same digits as 1x8x8 images (-> 10 logits)
  transformer-encoder a 2-layer transformer encoder over token ids with an attention mask (two int64 inputs, a
                      dynamic sequence length), seeded random weights (-> 4 scores per sequence)
  two-outputs         x + x and -x of a [batch, 4] float input, built with onnx.helper: JSON answers {"outputs":
                      {name: tensor}}, and CSV or npy (one array) are refused with 406
and two models builtin:onnx must refuse: not-onnx (a text file) and opset-99 (an opset no runtime has).

It also writes the demo workspace's ONNX model, src/RightSize.ModelServer/DemoOnnxModel/: mlp-digits' model.onnx and
payloads/ (row-1.json ... row-3.json, one digit each, and batch-16.json, the golden rows), the default sample payloads of
a job on it. Only that step: /usr/bin/python3 scripts/onnx/make_models.py --demo-only
"""
import json
import os
import shutil
import sys

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper
from sklearn.datasets import load_digits

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_OUT = os.path.join(ROOT, "tests", "RightSize.ModelServer.Tests", "OnnxGolden")
DEMO_DIR = os.path.join(ROOT, "src", "RightSize.ModelServer", "DemoOnnxModel")
GOLDEN_ROWS = 16
OPSET = 13


def digits():
    data = load_digits()
    x = (data.data / 16.0).astype(np.float32)
    return x, data.target.astype(np.int64)


def train(model, x, y, epochs):
    torch.manual_seed(0)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    # The MLP answers probabilities (softmax inside the graph), so it trains on their log; the CNN answers logits.
    loss_fn = torch.nn.NLLLoss() if isinstance(model, Mlp) else torch.nn.CrossEntropyLoss()
    xs, ys = torch.from_numpy(x), torch.from_numpy(y)
    for _ in range(epochs):
        for start in range(0, len(xs), 128):
            optimizer.zero_grad()
            out = model(xs[start:start + 128])
            if isinstance(model, Mlp):
                out = torch.log(out + 1e-12)
            loss = loss_fn(out, ys[start:start + 128])
            loss.backward()
            optimizer.step()
    model.eval()
    return model


class Mlp(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = torch.nn.Sequential(torch.nn.Linear(64, 64), torch.nn.ReLU(), torch.nn.Linear(64, 10))

    def forward(self, pixels):
        return torch.softmax(self.layers(pixels), dim=-1)


class Cnn(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.features = torch.nn.Sequential(
            torch.nn.Conv2d(1, 8, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
            torch.nn.Conv2d(8, 16, 3, padding=1), torch.nn.ReLU())
        self.head = torch.nn.Linear(16 * 4 * 4, 10)

    def forward(self, image):
        return self.head(torch.flatten(self.features(image), 1))


class Encoder(torch.nn.Module):
    def __init__(self, vocabulary=100, width=32, max_length=32):
        super().__init__()
        self.tokens = torch.nn.Embedding(vocabulary, width)
        self.positions = torch.nn.Embedding(max_length, width)
        layer = torch.nn.TransformerEncoderLayer(width, nhead=4, dim_feedforward=64, dropout=0.0, batch_first=True)
        self.encoder = torch.nn.TransformerEncoder(layer, num_layers=2, enable_nested_tensor=False)
        self.head = torch.nn.Linear(width, 4)

    def forward(self, input_ids, attention_mask):
        positions = torch.arange(input_ids.shape[1]).unsqueeze(0)
        hidden = self.tokens(input_ids) + self.positions(positions)
        hidden = self.encoder(hidden, src_key_padding_mask=attention_mask == 0)
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        return self.head((hidden * mask).sum(1) / mask.sum(1))


def export(model, args, names, dynamic, path):
    # Gradients stay on: under no_grad torch 1.13's transformer takes a fused fast path the exporter cannot trace.
    torch.onnx.export(model, args, path, input_names=names, output_names=["output"], dynamic_axes=dynamic,
                      opset_version=OPSET, do_constant_folding=True)
    onnx.checker.check_model(onnx.load(path))


def write(case_dir, request, outputs, csv_rows=None, npy_rows=None):
    with open(os.path.join(case_dir, "request.json"), "w", encoding="utf-8") as f:
        json.dump(request, f)
    with open(os.path.join(case_dir, "expected.json"), "w", encoding="utf-8") as f:
        json.dump({"predictions": outputs.tolist()}, f)
    if npy_rows is not None:
        np.save(os.path.join(case_dir, "request.npy"), npy_rows)
    if csv_rows is not None:
        with open(os.path.join(case_dir, "request.csv"), "w", encoding="utf-8", newline="\n") as f:
            for row in csv_rows:
                f.write(",".join(repr(float(v)) for v in row) + "\n")


def make(out, name, build):
    case_dir = os.path.join(out, name)
    os.makedirs(case_dir, exist_ok=True)
    torch.manual_seed(0)  # before the model's weights are drawn, so each run writes the same files
    build(case_dir)
    print(f"{name}: {os.path.getsize(os.path.join(case_dir, 'model.onnx'))} bytes")


def mlp(case_dir):
    x, y = digits()
    model = train(Mlp(), x, y, 30)
    export(model, (torch.from_numpy(x[:2]),), ["pixels"], {"pixels": {0: "batch"}, "output": {0: "batch"}},
           os.path.join(case_dir, "model.onnx"))
    rows = x[-GOLDEN_ROWS:]
    with torch.no_grad():
        probabilities = model(torch.from_numpy(rows)).numpy()
    accuracy = (model(torch.from_numpy(x)).argmax(1).numpy() == y).mean()
    print(f"mlp-digits: training accuracy {accuracy:.3f}")
    write(case_dir, {"instances": rows.tolist()}, probabilities, rows, rows)
    # The same rows in the wrong dtype, which the server must refuse naming the one it expects.
    np.save(os.path.join(case_dir, "request-float64.npy"), rows.astype(np.float64))


def cnn(case_dir):
    x, y = digits()
    images = x.reshape(-1, 1, 8, 8)
    model = train(Cnn(), images, y, 15)
    export(model, (torch.from_numpy(images[:2]),), ["image"], {"image": {0: "batch"}, "output": {0: "batch"}},
           os.path.join(case_dir, "model.onnx"))
    rows = images[-GOLDEN_ROWS:]
    with torch.no_grad():
        logits = model(torch.from_numpy(rows)).numpy()
    write(case_dir, {"instances": rows.tolist()}, logits, rows.reshape(len(rows), -1), rows)


def transformer(case_dir):
    torch.manual_seed(0)
    model = Encoder().eval()
    rng = np.random.default_rng(0)
    ids = rng.integers(1, 100, size=(GOLDEN_ROWS // 2, 12)).astype(np.int64)
    mask = np.ones_like(ids)
    for row, length in enumerate(rng.integers(4, 13, size=len(ids))):
        ids[row, length:] = 0
        mask[row, length:] = 0
    dynamic = {"input_ids": {0: "batch", 1: "sequence"}, "attention_mask": {0: "batch", 1: "sequence"},
               "output": {0: "batch"}}
    export(model, (torch.from_numpy(ids[:2, :5]), torch.from_numpy(mask[:2, :5])), ["input_ids", "attention_mask"],
           dynamic, os.path.join(case_dir, "model.onnx"))
    with torch.no_grad():
        scores = model(torch.from_numpy(ids), torch.from_numpy(mask)).numpy()
    write(case_dir, {"inputs": {"input_ids": ids.tolist(), "attention_mask": mask.tolist()}}, scores)


def not_onnx(case_dir):
    with open(os.path.join(case_dir, "model.onnx"), "w", encoding="utf-8") as f:
        f.write("this is not an ONNX model\n")


def opset_99(case_dir):
    node = helper.make_node("Identity", ["x"], ["y"])
    graph = helper.make_graph([node], "identity", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 4])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 4])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 99)])
    model.ir_version = 8
    onnx.save(model, os.path.join(case_dir, "model.onnx"))


def two_outputs(case_dir):
    nodes = [helper.make_node("Add", ["x", "x"], ["doubled"]), helper.make_node("Neg", ["x"], ["negated"])]
    graph = helper.make_graph(nodes, "two_outputs", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 4])],
                              [helper.make_tensor_value_info(name, TensorProto.FLOAT, ["batch", 4]) for name in ("doubled", "negated")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(case_dir, "model.onnx"))
    rows = np.array([[0.5, -1.25, 2.0, 3.75], [-0.5, 0.0, 1.5, -2.25]], dtype=np.float32)
    with open(os.path.join(case_dir, "request.json"), "w", encoding="utf-8") as f:
        json.dump({"instances": rows.tolist()}, f)
    with open(os.path.join(case_dir, "expected.json"), "w", encoding="utf-8") as f:
        json.dump({"outputs": {"doubled": (rows + rows).tolist(), "negated": (-rows).tolist()}}, f)


def demo(out):
    """The demo ONNX model: the golden MLP and JSON requests of its rows (the user's sample payloads)."""
    payloads = os.path.join(DEMO_DIR, "payloads")
    os.makedirs(payloads, exist_ok=True)
    shutil.copyfile(os.path.join(out, "mlp-digits", "model.onnx"), os.path.join(DEMO_DIR, "model.onnx"))
    with open(os.path.join(out, "mlp-digits", "request.json"), encoding="utf-8") as f:
        rows = json.load(f)["instances"]
    bodies = {f"row-{i + 1}.json": rows[i:i + 1] for i in range(3)}
    bodies[f"batch-{len(rows)}.json"] = rows
    for name, instances in bodies.items():
        with open(os.path.join(payloads, name), "w", encoding="utf-8") as f:
            json.dump({"instances": instances}, f)
    print(f"demo: {DEMO_DIR}")


def main():
    args = [a for a in sys.argv[1:] if a != "--demo-only"]
    out = args[0] if args else DEFAULT_OUT
    torch.set_num_threads(1)
    if "--demo-only" not in sys.argv:
        for name, build in [("mlp-digits", mlp), ("cnn-digits", cnn), ("transformer-encoder", transformer),
                            ("two-outputs", two_outputs), ("not-onnx", not_onnx), ("opset-99", opset_99)]:
            make(out, name, build)
    demo(out)


if __name__ == "__main__":
    main()

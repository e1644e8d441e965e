#!/usr/bin/env python3
"""Checks the catalog's figures (scripts/catalog/instance_specs.py) against instances measured by ec2instances.info.

The measurements are vantage-sh/ec2instances.info's scraper/aws/ec2/extras/manually_fetched_data.json: benchmarks run
on each EC2 type, recording its vCPUs (cpu.threads), the memory the OS sees (memory.total_mb) and its NVIDIA GPUs.
A type agrees when the vCPUs are equal, the OS sees 85-100% of the nominal memory (firmware and kernel take the rest)
and, for NVIDIA GPU types, the GPU count is equal (other accelerators are not visible to the benchmark).

usage: python3 scripts/catalog/check_specs.py manually_fetched_data.json   (exit 1 on any disagreement)
"""
import json
import sys

import botocore.session

from instance_specs import spec


def main(path):
    measured = json.load(open(path))
    names = botocore.session.get_session().get_service_model("sagemaker").shape_for("ProductionVariantInstanceType").enum
    disagreements, unmeasured = 0, []
    for name in names:
        entry = measured.get(name.removeprefix("ml."), {})
        if "cpu" not in entry:
            unmeasured.append(name)
            continue
        cpus, memory, accelerators = spec(name)
        seen_gib = entry["memory"]["total_mb"] / 1024
        gpus = len(entry.get("nvidia_gpus") or [])
        problems = []
        if entry["cpu"]["threads"] != cpus:
            problems.append(f"vCPUs {cpus}, measured {entry['cpu']['threads']}")
        if not 0.85 * memory <= seen_gib <= memory:
            problems.append(f"memory {memory:g} GiB, OS sees {seen_gib:.1f}")
        if gpus and gpus != accelerators:
            problems.append(f"accelerators {accelerators}, NVIDIA GPUs measured {gpus}")
        if problems:
            disagreements += 1
            print(f"{name}: " + "; ".join(problems))
    print(f"{len(names) - len(unmeasured)} measured, {disagreements} disagree; not measured: {' '.join(unmeasured)}")
    return 1 if disagreements else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))

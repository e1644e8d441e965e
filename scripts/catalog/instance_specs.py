#!/usr/bin/env python3
"""Generates src/RightSize.Core/Catalog/SageMakerInstanceSpecs.cs: vCPUs, memory and accelerators of every instance type
in botocore's ProductionVariantInstanceType enum (the SageMaker hosting types).

Source: AWS's Amazon EC2 Instance Types Guide (https://docs.aws.amazon.com/ec2/latest/instancetypes/), whose
specifications an ml.<type> shares with the EC2 type of the same name; transcribed below per family. vCPUs follow EC2's
size rule (medium 1, large 2, xlarge 4, Nxlarge 4N) except where a table says otherwise. Run it again when botocore
adds types: it fails naming any enum type whose family is not transcribed here.

Checked on 2026-12-01 (issue #17; the host is offline, so against stored copies of public sources, not the guide
itself). No figure was contradicted, so none changed. Sources:
- [M] vantage-sh/ec2instances.info @ 4ef36cd2c9867c1076206dcb691412ae2de7e8dd,
  scraper/aws/ec2/extras/manually_fetched_data.json: benchmarks run on each EC2 type, recording the vCPU count
  (cpu.threads), the memory the OS sees (memory.total_mb) and the NVIDIA GPUs found. Check: vCPUs equal, OS memory
  85-100% of the nominal GiB (the rest is firmware and kernel), GPU count equal; scripts/catalog/check_specs.py runs it.
- [G] same repository, scraper/aws/ec2/gpu_data.go: GPU model and count per type.
- [B] AWS Batch User Guide, "Run GPU jobs" (https://docs.aws.amazon.com/batch/latest/userguide/gpu-jobs.html, stored
  as its de_de and pt_br translations): GPUs, vCPUs and memory of g4dn, g5, g6 (xlarge to 4xlarge seen), p2, p3.
- [S] aws/sagemaker-python-sdk @ 53cb6f82750af0c4acce672bbf8f5c389f41963c,
  src/sagemaker/image_uri_config/instance_gpu_info.json: GPU count of ml.p2, ml.p3, ml.p4d, ml.p4de, ml.p5.48xlarge,
  ml.g4dn, ml.g5 but xlarge (SageMaker's own table).
- [N] AWS Neuron documentation (aws-neuron/aws-neuron-sdk, general/arch/neuron-hardware/): inf1-arch.rst @ 93e9f5d,
  inf2-arch.rst @ 36f05ba, trn1-arch.rst @ 60224f4, trn2-arch.rst @ 2086a70: chips, vCPUs, host memory.
- [T] meta-pytorch/torchx @ 3297a6e2d0be496feaa688980e2b5ed5175f06ab, torchx/specs/named_resources_aws.py (from
  https://aws.amazon.com/ec2/instance-types/): p3, p4d, p4de, p5.48xlarge, p5e, p5en, g4dn, g5, g6e, trn1, inf2.
- [A] AWS pages: "Amazon EC2 DL1 instances Deep Dive" (https://aws.amazon.com/blogs/compute/amazon-ec2-dl1-instances-deep-dive/):
  dl1.24xlarge 96 vCPUs, 768 GiB, 8 Gaudi accelerators; EKS User Guide "Use P6e-GB200 UltraServers with Amazon EKS"
  (https://docs.amazonaws.cn/eks/latest/userguide/ml-eks-nvidia-ultraserver.md, stored in zh_cn): p6e-gb200.36xlarge
  has 4 GPUs.
- [V] tsaol/aws-gpu data/*.js (copies of instances.vantage.sh records; third-party): p5_instances.js @ 299375b,
  p6_family_all.js @ 18aebd1, dl1_instances.js @ 18aebd1.
Per family, every size in the enum unless noted:
- t2, m4, m5, m5d, m6i, m6g, m6gd, m7i, m8g, c4, c5, c5d, c6i, c6g, c6gd, c6gn, c6in, c7g, c7i, c8g, r5, r5d, r6i,
  r6g, r6gd, r7i, r7gd, r8g: [M].
- g4dn, g5, g6: [M] (GPUs too), [G], [B]; g4dn and g5 also [S], [T]. g6e: [M], [G], [T]. g7e: [M], [G].
- p2: [B], GPUs also [S]. p3: [B], [T], GPUs also [S]. p4d, p4de: [M], [S], [T]. p5.48xlarge: [M], [S], [T].
  p5e: [M], [G], [T]. p5en: [T], GPUs [G]. p6-b200: [M] (GPUs too), [V].
- inf1, inf2, trn1, trn1n, trn2: [N] (accelerators are Neuron chips); inf1, inf2 (but 48xlarge), trn1, trn1n also
  [M] for vCPUs and memory; inf2 also [T].
- dl1: [A], [M], [V]. p6e-gb200: GPUs [A].
Unverified against an AWS-authored or measured source (a third-party copy [V] agrees with every figure):
p5.4xlarge's vCPUs and memory (its 1 GPU: [G]), p6-b300.48xlarge, p6e-gb200.36xlarge's vCPUs and memory.

usage: python3 scripts/catalog/instance_specs.py > src/RightSize.Core/Catalog/SageMakerInstanceSpecs.cs
"""
import sys
import botocore.session

GUIDE = "https://docs.aws.amazon.com/ec2/latest/instancetypes/"

# GiB of memory per vCPU of the CPU families (general purpose 4, compute 2, memory 8; c4 3.75 per 2 vCPUs).
RATIO = {
    **dict.fromkeys(["m4", "m5", "m5d", "m6i", "m6g", "m6gd", "m7i", "m8g"], 4),
    **dict.fromkeys(["c5", "c5d", "c6i", "c6g", "c6gd", "c6gn", "c6in", "c7g", "c7i", "c8g"], 2),
    **dict.fromkeys(["r5", "r5d", "r6i", "r6g", "r6gd", "r7i", "r7gd", "r8g"], 8),
    "c4": 1.875,
}

# Families whose sizes do not follow the rules: size -> (vCPUs, GiB, accelerators).
G5 = {"xlarge": (4, 16, 1), "2xlarge": (8, 32, 1), "4xlarge": (16, 64, 1), "8xlarge": (32, 128, 1),
      "12xlarge": (48, 192, 4), "16xlarge": (64, 256, 1), "24xlarge": (96, 384, 4), "48xlarge": (192, 768, 8)}
TABLE = {
    "t2": {"medium": (2, 4, 0), "large": (2, 8, 0), "xlarge": (4, 16, 0), "2xlarge": (8, 32, 0)},
    "c4": {"8xlarge": (36, 60, 0)},
    "p2": {"xlarge": (4, 61, 1), "8xlarge": (32, 488, 8), "16xlarge": (64, 732, 16)},
    "p3": {"2xlarge": (8, 61, 1), "8xlarge": (32, 244, 4), "16xlarge": (64, 488, 8)},
    "g4dn": {"xlarge": (4, 16, 1), "2xlarge": (8, 32, 1), "4xlarge": (16, 64, 1), "8xlarge": (32, 128, 1),
             "12xlarge": (48, 192, 4), "16xlarge": (64, 256, 1)},
    "g5": G5,
    "g6": G5,
    "g6e": {"xlarge": (4, 32, 1), "2xlarge": (8, 64, 1), "4xlarge": (16, 128, 1), "8xlarge": (32, 256, 1),
            "12xlarge": (48, 384, 4), "16xlarge": (64, 512, 1), "24xlarge": (96, 768, 4), "48xlarge": (192, 1536, 8)},
    "g7e": {"2xlarge": (8, 64, 1), "4xlarge": (16, 128, 1), "8xlarge": (32, 256, 1), "12xlarge": (48, 512, 2),
            "24xlarge": (96, 1024, 4), "48xlarge": (192, 2048, 8)},
    "p4d": {"24xlarge": (96, 1152, 8)},
    "p4de": {"24xlarge": (96, 1152, 8)},
    "p5": {"4xlarge": (16, 256, 1), "48xlarge": (192, 2048, 8)},
    "p5e": {"48xlarge": (192, 2048, 8)},
    "p5en": {"48xlarge": (192, 2048, 8)},
    "p6-b200": {"48xlarge": (192, 2048, 8)},
    "p6-b300": {"48xlarge": (192, 4096, 8)},
    "p6e-gb200": {"36xlarge": (144, 960, 4)},
    "dl1": {"24xlarge": (96, 768, 8)},
    "inf1": {"xlarge": (4, 8, 1), "2xlarge": (8, 16, 1), "6xlarge": (24, 48, 4), "24xlarge": (96, 192, 16)},
    "inf2": {"xlarge": (4, 16, 1), "8xlarge": (32, 128, 1), "24xlarge": (96, 384, 6), "48xlarge": (192, 768, 12)},
    "trn1": {"2xlarge": (8, 32, 1), "32xlarge": (128, 512, 16)},
    "trn1n": {"32xlarge": (128, 512, 16)},
    "trn2": {"48xlarge": (192, 2048, 16)},
}


def vcpus(size):
    if size == "medium":
        return 1
    if size == "large":
        return 2
    if size == "xlarge":
        return 4
    return 4 * int(size.removesuffix("xlarge"))


def spec(name):
    _, family, size = name.split(".", 2)
    if size in TABLE.get(family, {}):
        return TABLE[family][size]
    if family in RATIO:
        return vcpus(size), vcpus(size) * RATIO[family], 0
    raise SystemExit(f"{name}: family {family} is not transcribed; add it from {GUIDE}")


def number(value):
    return f"{value:g}"


def main():
    model = botocore.session.get_session().get_service_model("sagemaker")
    names = model.shape_for("ProductionVariantInstanceType").enum
    out = sys.stdout
    out.write("// <auto-generated>scripts/catalog/instance_specs.py from botocore " + botocore.__version__
              + "'s ProductionVariantInstanceType enum; do not edit by hand.</auto-generated>\n")
    out.write("namespace RightSize.Catalog;\n\n")
    out.write("/// <summary>vCPUs, memory (GiB) and accelerators of every SageMaker hosting type, from AWS's EC2 Instance Types Guide;"
              + " checked 2026-12-01 against the sources the script lists (some types unverified, see there).</summary>\n")
    out.write("internal static class SageMakerInstanceSpecs\n{\n")
    out.write(f"    public const string Source = \"{GUIDE} (an ml. type has the specifications of the EC2 type of the same name)\";\n\n")
    out.write(f"    public const string BotocoreVersion = \"{botocore.__version__}\";\n\n")
    out.write("    public static IReadOnlyList<InstanceSpec> All { get; } =\n    [\n")
    for name in names:
        cpu, memory, accelerators = spec(name)
        out.write(f"        new(\"{name}\", {number(cpu)}, {number(memory)}, {accelerators}),\n")
    out.write("    ];\n}\n")


if __name__ == "__main__":
    main()

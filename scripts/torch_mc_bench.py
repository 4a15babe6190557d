#!/usr/bin/python3
"""PyTorch side of mcdrop's runtime benchmark (issue 2): MC dropout at T samples, batch of one image.

Run with Debian's /usr/bin/python3 (python3-torch 1.13); scripts/bench-runtime.sh calls it.

    /usr/bin/python3 scripts/torch_mc_bench.py --export-dir DIR --json OUT.json [--threads 1,2]

1. Builds the two benchmark models (scripts/torch_models.py, seeded):
     a  conv32-bn-relu-pool, conv64-bn-relu-pool, fc128-relu, dropout 0.5, fc10 on 1x28x28
     b  the same with Dropout(0.2) after each conv block too
   and exports each to DIR/bench_{a,b}.onnx with TrainingMode.PRESERVE (model.eval(), only the
   dropout modules in train mode), so mcdrop runs exactly the same network and weights.
2. Times, per model and thread count (torch.set_num_threads set explicitly; inter-op 1):
     deterministic  model.eval(), one forward pass of the image
     loop           dropout in train mode, BN in eval, T forward passes of the image
     batched        the same, one forward pass of the image tiled T times
   always under torch.no_grad(), each ending in softmax and the mean over samples (what an MC
   prediction needs). Timing: warm-up, then BLOCKS blocks of about BLOCK_MS each, the three
   methods' blocks interleaved round-robin so they share the machine's load; per block the mean
   ms per image; the median (and min) of the blocks is reported. mcdrop's Java side uses the same
   scheme (io.mcdrop.bench.Harness).
"""
import argparse
import copy
import json
import os
import platform
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_models as tm  # noqa: E402

MODELS = {"a": dict(conv_p=0.0, head_p=0.5), "b": dict(conv_p=0.2, head_p=0.5)}


def warm_up(op, warmup_s, block_s):
    """Warms op up; returns how many calls fill one block."""
    end = time.perf_counter() + warmup_s
    n = 0
    t0 = time.perf_counter()
    while n < 5 or time.perf_counter() < end:
        op()
        n += 1
    per = (time.perf_counter() - t0) / n
    return max(1, int(block_s / per))


def harness(ops, warmup_s, blocks, block_s):
    """Blocks of all ops interleaved round-robin (the first op rotates), as io.mcdrop.bench.Harness
    does: block b of every op falls in the same time window. Returns (ms per call per block,
    iterations) per op."""
    iters = [warm_up(op, warmup_s, block_s) for op in ops]
    ms = [[0.0] * blocks for _ in ops]
    for b in range(blocks):
        for j in range(len(ops)):
            k = (b + j) % len(ops)
            t0 = time.perf_counter()
            for _ in range(iters[k]):
                ops[k]()
            ms[k][b] = (time.perf_counter() - t0) / iters[k] * 1000.0
    return list(zip(ms, iters))


def median(v):
    s = sorted(v)
    k = len(s)
    return s[k // 2] if k % 2 else 0.5 * (s[k // 2 - 1] + s[k // 2])


def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "?"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--export-dir", required=True)
    ap.add_argument("--json", required=True)
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--samples", type=int, default=50)
    ap.add_argument("--blocks", type=int, default=7)
    ap.add_argument("--block-ms", type=float, default=300)
    ap.add_argument("--warmup-ms", type=float, default=500)
    ap.add_argument("--models", default="a,b")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    torch.set_num_interop_threads(1)
    os.makedirs(args.export_dir, exist_ok=True)
    T = args.samples
    results = []
    load_before = loadavg()
    for name in args.models.split(","):
        torch.manual_seed(args.seed)
        model = tm.BenchCnn(**MODELS[name])
        tm.randomize_bn(model, torch.Generator().manual_seed(args.seed))
        x = torch.randn(1, 1, 28, 28, generator=torch.Generator().manual_seed(args.seed + 1))
        tm.mc_mode(model)
        path = os.path.join(args.export_dir, f"bench_{name}.onnx")
        tm.export(model, x, path, torch.onnx.TrainingMode.PRESERVE)
        tiled = x.expand(T, -1, -1, -1).contiguous()
        # two copies with the same weights: one in eval mode, one with only dropout in train mode
        plain = copy.deepcopy(model).eval()

        def deterministic():
            return torch.softmax(plain(x), 1)

        def loop():
            return torch.stack([torch.softmax(model(x), 1)[0] for _ in range(T)]).mean(0)

        def batched():
            return torch.softmax(model(tiled), 1).mean(0)

        methods = (("deterministic", deterministic, 1), ("loop", loop, T), ("batched", batched, T))
        with torch.no_grad():
            for threads in [int(t) for t in args.threads.split(",")]:
                torch.set_num_threads(threads)
                timings = harness([m[1] for m in methods], args.warmup_ms / 1000, args.blocks,
                                  args.block_ms / 1000)
                for (method, _, samples), (blocks, iters) in zip(methods, timings):
                    r = dict(model=name, threads=threads, method=method, samples=samples,
                             median_ms=median(blocks), min_ms=min(blocks), blocks_ms=blocks,
                             iterations_per_block=iters)
                    results.append(r)
                    print(f"torch {name} threads={threads} {method:13s} median {r['median_ms']:.3f} ms"
                          f"  min {r['min_ms']:.3f} ms", file=sys.stderr)
    out = dict(
        runtime="PyTorch " + torch.__version__ + ", OMP_WAIT_POLICY="
        + os.environ.get("OMP_WAIT_POLICY", "unset"),
        python=platform.python_version(),
        mkldnn=torch.backends.mkldnn.is_available(),
        samples=T,
        load_before=load_before,
        load_after=loadavg(),
        results=results,
    )
    with open(args.json, "w") as f:
        json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""How far post-hoc recalibration can take the over-confident PyTorch model (issue 13, goal 1).

Test-data tooling only (never part of mcdrop). Needs Debian's python3-torch; run after
scripts/make_overconfident_model.py OUT.onnx, which also saves OUT.onnx.pt:

    /usr/bin/python3 scripts/calibration_families.py OUT.onnx.pt

Recomputes in PyTorch, independently of mcdrop, the logits of the model's calibration images (the
last 5,000 training images, as `mcdrop calibrate --data fashion-mnist` takes them) and of the
test split, deterministic and MC dropout (T = 30, the head dropout redrawn per sample), and fits
on the calibration images, by NLL, several recalibration families:
  inner      softmax(z_t / T) averaged over samples (what mcdrop fits; Laves et al. 2019)
  outer      softmax(log mean_t softmax(z_t) / T)
  meanlogit  softmax(mean_t z_t / T)
  vector     per-class scale and bias (Guo et al. 2017), through the same sample average
  matrix     full 10x10 affine map (L2 1e-3), likewise
and prints the test NLL / ECE (15 bins) of each, so the MC NLL floor of this model is known.
"""
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_overconfident_model as mo  # noqa: E402
import torch_models as tm  # noqa: E402


def softmax(z):
    z = z - z.max(-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(-1, keepdims=True)


def nll(p, y):
    return -np.mean(np.log(np.maximum(p[np.arange(len(y)), y], 1e-300)))


def ece(p, y, bins=15):
    c, ok, e = p.max(1), p.argmax(1) == y, 0.0
    for b in range(bins):
        s = (c > b / bins) & (c <= (b + 1) / bins)
        if s.any():
            e += s.mean() * abs(ok[s].mean() - c[s].mean())
    return e


def affine(zv, yv, zt, kind):
    """Fits a vector or matrix scaling by L-BFGS on the calibration logits; test probabilities."""
    k = zv.shape[-1]
    zv, zt, yv = torch.tensor(zv), torch.tensor(zt), torch.tensor(yv)
    w = torch.zeros((k, k) if kind == "matrix" else (k,), dtype=torch.float64, requires_grad=True)
    b = torch.zeros(k, dtype=torch.float64, requires_grad=True)

    def log_p(z):
        s = z @ (torch.eye(k, dtype=torch.float64) * 0.4 + w) + b if kind == "matrix" \
            else z * (0.4 * torch.exp(w)) + b
        return torch.logsumexp(torch.log_softmax(s, -1), 1) - np.log(z.shape[1])

    opt = torch.optim.LBFGS([w, b], max_iter=500, line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        loss = torch.nn.functional.nll_loss(log_p(zv), yv)
        if kind == "matrix":
            loss = loss + 1e-3 * (w ** 2).sum()
        loss.backward()
        return loss

    opt.step(closure)
    with torch.no_grad():
        return log_p(zt).exp().numpy()


def main():
    torch.manual_seed(0)
    torch.set_num_threads(2)
    model = tm.BenchCnn(conv_p=0.0, head_p=0.25, c1=16, c2=32, hidden=64)
    model.load_state_dict(torch.load(sys.argv[1]))
    model.eval()
    trunk, head = torch.nn.Sequential(*list(model)[:-2]), model[-1]

    def prep(a):
        return torch.from_numpy((a.astype(np.float32) / 255.0 - mo.MEAN) / mo.STD).unsqueeze(1)

    gen = torch.Generator().manual_seed(3)

    def logits(x, samples=30):
        with torch.no_grad():
            h = torch.cat([trunk(x[i:i + 1000]) for i in range(0, len(x), 1000)])
            mc = [head(h * (torch.rand(h.shape, generator=gen) > 0.25).float() / 0.75)
                  for _ in range(samples)]
            return head(h).double().numpy()[:, None], torch.stack(mc, 1).double().numpy()

    train_x = mo.idx("train-images-idx3-ubyte.gz")
    yv = mo.idx("train-labels-idx1-ubyte.gz")[55000:].astype(np.int64)
    yt = mo.idx("t10k-labels-idx1-ubyte.gz").astype(np.int64)
    dv, mv = logits(prep(train_x[55000:]))
    dt, mt = logits(prep(mo.idx("t10k-images-idx3-ubyte.gz")))
    grid = np.exp(np.linspace(np.log(0.2), np.log(8), 400))
    families = {
        "inner": lambda z, t: softmax(z / t).mean(1),
        "outer": lambda z, t: softmax(np.log(softmax(z).mean(1)) / t),
        "meanlogit": lambda z, t: softmax(z.mean(1) / t),
    }
    for mode, zv, zt in (("deterministic", dv, dt), ("MC T=30", mv, mt)):
        p = softmax(zt).mean(1)
        print(f"{mode}: uncalibrated test NLL {nll(p, yt):.4f} ECE {ece(p, yt):.4f}")
        for name, f in families.items():
            t = grid[int(np.argmin([nll(f(zv, g), yv) for g in grid]))]
            p = f(zt, t)
            print(f"  {name:9s} T {t:.3f}  test NLL {nll(p, yt):.4f} ECE {ece(p, yt):.4f}")
        for kind in ("vector", "matrix"):
            p = affine(zv, yv, zt, kind)
            print(f"  {kind:9s}          test NLL {nll(p, yt):.4f} ECE {ece(p, yt):.4f}"
                  f" accuracy {(p.argmax(1) == yt).mean():.4f}")


if __name__ == "__main__":
    main()

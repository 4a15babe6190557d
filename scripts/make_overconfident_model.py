#!/usr/bin/python3
"""Trains an over-confident Fashion-MNIST CNN the way many users do, for mcdrop's calibration goals.

Test-data and benchmark tooling only (never part of mcdrop). Needs Debian's python3-torch (1.13),
python3-onnx and the dataset-fashion-mnist package, so run it with /usr/bin/python3:

    /usr/bin/python3 scripts/make_overconfident_model.py [OUT.onnx]

OUT defaults to models/overconfident-cnn.onnx. A plain PyTorch recipe with nothing against
over-fitting: a small CNN (conv16-bn-relu-pool, conv32-bn-relu-pool, fc64-relu, dropout 0.25,
fc10), Adam at 1e-3, no weight decay, no augmentation, no early stopping, 40 epochs on the first
3,000 training images only. Exported with its dropout kept (eval mode, dropout modules in train
mode, TrainingMode.PRESERVE, dynamic batch), with mcdrop.labels / mcdrop.preprocess metadata so
mcdrop needs no extra flags. Images 3000-59999 of the training split were never seen, so
`mcdrop calibrate --data fashion-mnist` (the last 5,000 training images) calibrates it on held-out
data. Seeded. The trained weights are also saved as OUT.pt. OVERCONFIDENT_EPOCHS=1 runs a quick
smoke test of the whole path (the model is then not over-confident).
"""
import gzip
import json
import os
import sys

import numpy as np
import onnx
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_models as tm  # noqa: E402

DATA = "/usr/share/datasets/fashion-mnist"
TRAIN_IMAGES = 3000
EPOCHS = int(os.environ.get("OVERCONFIDENT_EPOCHS", "40"))  # override only for a smoke test
MEAN, STD = 0.2861, 0.353
LABELS = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
          "Bag", "Ankle boot"]


def idx(name):
    with gzip.open(os.path.join(DATA, name), "rb") as f:
        raw = f.read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "models/overconfident-cnn.onnx"
    torch.manual_seed(0)
    torch.set_num_threads(2)
    x = idx("train-images-idx3-ubyte.gz")[:TRAIN_IMAGES].astype(np.float32) / 255.0
    y = idx("train-labels-idx1-ubyte.gz")[:TRAIN_IMAGES].astype(np.int64)
    xt = idx("t10k-images-idx3-ubyte.gz").astype(np.float32) / 255.0
    yt = idx("t10k-labels-idx1-ubyte.gz").astype(np.int64)
    x = torch.from_numpy((x - MEAN) / STD).unsqueeze(1)
    y = torch.from_numpy(y)
    xt = torch.from_numpy((xt - MEAN) / STD).unsqueeze(1)
    yt = torch.from_numpy(yt)
    model = tm.BenchCnn(conv_p=0.0, head_p=0.25, c1=16, c2=32, hidden=64)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    gen = torch.Generator().manual_seed(1)
    for epoch in range(1, EPOCHS + 1):
        model.train()
        perm = torch.randperm(TRAIN_IMAGES, generator=gen)
        total = 0.0
        for i in range(0, TRAIN_IMAGES, 64):
            b = perm[i:i + 64]
            opt.zero_grad()
            loss = loss_fn(model(x[b]), y[b])
            loss.backward()
            opt.step()
            total += loss.item() * len(b)
        if epoch % 10 == 0 or epoch == 1:
            model.eval()
            with torch.no_grad():
                logits = torch.cat([model(xt[i:i + 1000]) for i in range(0, len(xt), 1000)])
                nll = loss_fn(logits, yt).item()
                acc = (logits.argmax(1) == yt).float().mean().item()
            print(f"epoch {epoch}: train loss {total / TRAIN_IMAGES:.4f}, "
                  f"test NLL {nll:.4f}, test accuracy {acc:.4f}", flush=True)
    torch.save(model.state_dict(), out + ".pt")  # re-export without retraining
    tm.mc_mode(model)
    tm.export(model, x[:1], out, torch.onnx.TrainingMode.PRESERVE)
    m = onnx.load(out)
    meta = {
        "mcdrop.labels": json.dumps(LABELS),
        "mcdrop.preprocess": json.dumps({
            "channels": 1, "height": 28, "width": 28, "resize": "bilinear",
            "scale": 1 / 255.0, "mean": [MEAN], "std": [STD], "invert": False}),
        "mcdrop.training": json.dumps({
            "data": "fashion-mnist", "images": f"training split 0-{TRAIN_IMAGES - 1}",
            "epochs": EPOCHS, "optimizer": "adam", "lr": 1e-3, "weight_decay": 0,
            "augment": False, "seed": 0, "producer": "scripts/make_overconfident_model.py"}),
    }
    for k, v in meta.items():
        e = m.metadata_props.add()
        e.key, e.value = k, v
    m.producer_name = "pytorch " + torch.__version__ + " (scripts/make_overconfident_model.py)"
    onnx.save(m, out)
    print("wrote", out, os.path.getsize(out), "bytes")


if __name__ == "__main__":
    main()

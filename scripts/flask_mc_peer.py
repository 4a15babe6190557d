#!/usr/bin/python3
"""The peer of mcdrop's server benchmark (issue 14): MC dropout served the way a PyTorch user would
write it -- Flask under gunicorn, one JSON request per prediction -- on the same network and
weights as the model mcdrop serves, with the same request body (an Open Inference Protocol V2
JSON request, 1x1x28x28 FP32, parameters.mc_samples) and the same MC work (T stochastic passes
through dropout with batch norm in inference mode, softmax, mean, std, predictive entropy and
mutual information).

Debian packages: python3-torch python3-flask gunicorn (scripts/bench-server.sh installs them).

    /usr/bin/python3 scripts/flask_mc_peer.py export DIR   # writes DIR/bench_a.onnx for mcdrop
    MCDROP_PEER_SEED=7 gunicorn -w 2 -b 127.0.0.1:PORT --chdir scripts flask_mc_peer:app
"""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_models as tm  # noqa: E402

SEED = int(os.environ.get("MCDROP_PEER_SEED", "7"))


def build():
    """Model 'a' of the runtime benchmark (conv32, conv64, fc128, dropout 0.5, fc10), seeded."""
    torch.manual_seed(SEED)
    model = tm.BenchCnn(conv_p=0.0, head_p=0.5)
    tm.randomize_bn(model, torch.Generator().manual_seed(SEED))
    return model


if __name__ == "__main__" and len(sys.argv) == 3 and sys.argv[1] == "export":
    m = build()
    x = torch.randn(1, 1, 28, 28, generator=torch.Generator().manual_seed(SEED + 1))
    os.makedirs(sys.argv[2], exist_ok=True)
    tm.export(m, x, os.path.join(sys.argv[2], "bench_a.onnx"), torch.onnx.TrainingMode.PRESERVE)
    sys.exit(0)

from flask import Flask, jsonify, request  # noqa: E402

torch.set_num_threads(1)
MODEL = tm.mc_mode(build())
app = Flask(__name__)


@app.post("/v2/models/<name>/infer")
def infer(name):
    body = request.get_json(force=True)
    t = int(body.get("parameters", {}).get("mc_samples", 30))
    inp = body["inputs"][0]
    x = torch.tensor(inp["data"], dtype=torch.float32).reshape(inp["shape"])
    with torch.no_grad():
        p = torch.softmax(MODEL(x.repeat(t, 1, 1, 1)), dim=1)  # T samples in one batch
    mean = p.mean(0)
    eps = 1e-12
    entropy = -(mean * (mean + eps).log()).sum()
    expected = -(p * (p + eps).log()).sum(1).mean()
    outputs = [
        ("probabilities", mean.tolist()),
        ("std", p.std(0, unbiased=False).tolist()),
        ("entropy", [entropy.item()]),
        ("mutual_information", [(entropy - expected).item()]),
    ]
    return jsonify(
        model_name=name,
        parameters={"mc_samples": t},
        outputs=[{"name": n, "datatype": "FP32", "shape": [1, len(v)] if len(v) > 1 else [1],
                  "data": v} for n, v in outputs],
    )

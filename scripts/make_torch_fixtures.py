#!/usr/bin/python3
"""Generates mcdrop's third-party test fixtures: tiny CNNs exported by PyTorch's own ONNX exporter.

Test-data generator only (never part of mcdrop). Needs Debian's python3-torch (1.13) and
python3-onnx, so run it with /usr/bin/python3:

    /usr/bin/python3 scripts/make_torch_fixtures.py [OUT_DIR]

OUT_DIR defaults to modules/runtime/src/test/resources/torch. Every model is seeded; next to each
NAME.onnx it writes NAME.json with a fixed input, PyTorch's eval-mode logits and probabilities for
it, the dropout rates, and what the exporter produced (dropout / batch-norm node counts).

The forms (DESIGN.md section 6):
  train_op13     TrainingMode.TRAINING, opset 13: Dropout with Constant ratio/training_mode nodes,
                 BatchNormalization with 5 outputs (training mode)
  train_op17     TrainingMode.TRAINING, opset 17: same, BatchNormalization training_mode=1
  preserve_op17  model.eval(), only the nn.Dropout modules in train(), TrainingMode.PRESERVE
  preserve_head  as preserve_op17 but dropout only in the classifier head (trunk caching applies)
  eval_op17      plain model.eval() export: no Dropout at all, BN folded into Conv
  preserve_fixed_batch  as preserve_op17 but without dynamic_axes: the batch is fixed at 1, so
                 samples can only be drawn one run at a time (LOOP)

With --advice it writes the model-review fixtures of `mcdrop advise` instead (OUT_DIR defaults to
modules/onnx/src/test/resources/torch-advice):
  question_net   the network of the forum question behind mcdrop: conv/dropout/bn/relu, one
                 nn.Conv2d module (conv11) called three times in a row in forward(), a high
                 element-wise dropout on the conv maps, dropout 0.5 in the head
  residual_net   input dropout, a residual block with dropout inside the branch, global pooling
"""
import json
import os
import sys

import onnx
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_models as tm  # noqa: E402

SIZE = 8
CONV_P = 0.25
HEAD_P = 0.5


def tiny(seed, conv_p):
    gen = torch.Generator().manual_seed(seed)
    torch.manual_seed(seed)
    m = tm.BenchCnn(conv_p=conv_p, head_p=HEAD_P, size=SIZE, c1=4, c2=6, hidden=16, classes=3)
    tm.randomize_bn(m, gen)
    for b in m.modules():
        if isinstance(b, nn.BatchNorm2d):
            # The TRAINING export traces the model in train mode; momentum 0 keeps the running
            # statistics (what the ONNX file stores) equal to what the eval logits below use.
            b.momentum = 0.0
    return m


def counts(path):
    g = onnx.load(path).graph
    dropouts = [n for n in g.node if n.op_type == "Dropout"]
    bns = [n for n in g.node if n.op_type == "BatchNormalization"]
    bn_training = [
        n
        for n in bns
        if len(n.output) > 1 or any(a.name == "training_mode" and a.i != 0 for a in n.attribute)
    ]
    return len(dropouts), len(bns), len(bn_training)


def make(out_dir, name, seed, conv_p, training, opset, mode, dynamic_batch=True):
    model = tiny(seed, conv_p)
    gen = torch.Generator().manual_seed(seed + 1000)
    x = torch.randn(1, 1, SIZE, SIZE, generator=gen)
    before = {k: v.clone() for k, v in model.state_dict().items()}
    model.eval()
    with torch.no_grad():
        logits = model(x)[0]
    if mode == "mc":
        tm.mc_mode(model)
    elif mode == "eval":
        model.eval()
    else:
        model.train()
    path = os.path.join(out_dir, name + ".onnx")
    if mode == "eval":
        torch.onnx.export(
            model,
            x,
            path,
            input_names=["input"],
            output_names=["logits"],
            dynamic_axes={"input": {0: "N"}, "logits": {0: "N"}},
            opset_version=opset,
            training=training,
        )
    else:
        tm.export(model, x, path, training, opset, dynamic_batch)
    for k, v in model.state_dict().items():
        if "num_batches_tracked" not in k:
            assert torch.equal(before[k], v), "export changed " + k
    dropouts, bns, bn_training = counts(path)
    rates = [m.p for m in model.modules() if isinstance(m, nn.Dropout)] if mode != "eval" else []
    info = {
        "model": name,
        "producer": "pytorch " + torch.__version__,
        "export": str(training).split(".")[-1],
        "opset": opset,
        "input_shape": [1, SIZE, SIZE],
        "dynamic_batch": dynamic_batch,
        "input": [round(float(v), 7) for v in x.flatten()],
        "eval_logits": [float(v) for v in logits],
        "eval_probabilities": [float(v) for v in torch.softmax(logits, 0)],
        "dropout_rates": rates,
        "dropout_nodes": dropouts,
        "batch_norm_nodes": bns,
        "batch_norm_training_nodes": bn_training,
    }
    # the input is stored rounded to 7 digits: recompute the reference from exactly that input
    xr = torch.tensor(info["input"], dtype=torch.float32).reshape(1, 1, SIZE, SIZE)
    model.eval()
    with torch.no_grad():
        lr = model(xr)[0]
    info["eval_logits"] = [float(v) for v in lr]
    info["eval_probabilities"] = [float(v) for v in torch.softmax(lr, 0)]
    # what the classic bug (model.train() for MC: batch norm on batch statistics) would give with
    # dropout off; the tests check that mcdrop's answer is far from it
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.train()
    with torch.no_grad():
        info["batch_stat_logits"] = [float(v) for v in model(xr)[0]]
    model.eval()
    with open(os.path.join(out_dir, name + ".json"), "w") as f:
        json.dump(info, f, indent=1)
        f.write("\n")
    print(f"{name}: {os.path.getsize(path)} bytes, {dropouts} Dropout, {bns} BN ({bn_training} training)")


class QuestionNet(nn.Module):
    """The question's pattern at toy size: self.conv11 is applied three times in a row."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 3, padding=1)
        self.drop1 = nn.Dropout(0.25)
        self.bn1 = nn.BatchNorm2d(6)
        self.conv11 = nn.Conv2d(6, 6, 3, padding=1)
        self.drop11 = nn.Dropout(0.6)
        self.pool = nn.MaxPool2d(2)
        self.fc1 = nn.Linear(6 * 4 * 4, 16)
        self.drop_fc = nn.Dropout(0.5)
        self.fc2 = nn.Linear(16, 3)

    def forward(self, x):
        x = torch.relu(self.bn1(self.drop1(self.conv1(x))))
        x = torch.relu(self.conv11(x))
        x = torch.relu(self.conv11(x))
        x = torch.relu(self.conv11(x))
        x = self.pool(self.drop11(x))
        x = torch.flatten(x, 1)
        x = self.drop_fc(torch.relu(self.fc1(x)))
        return self.fc2(x)


class ResidualNet(nn.Module):
    """Input dropout, then stem conv and one pre-activation residual block with dropout between
    its convs (the Wide-ResNet placement)."""

    def __init__(self):
        super().__init__()
        self.drop_in = nn.Dropout(0.1)
        self.stem = nn.Conv2d(1, 4, 3, padding=1)
        self.bn_a = nn.BatchNorm2d(4)
        self.conv_a = nn.Conv2d(4, 4, 3, padding=1)
        self.bn_b = nn.BatchNorm2d(4)
        self.drop_b = nn.Dropout(0.3)
        self.conv_b = nn.Conv2d(4, 4, 3, padding=1)
        self.fc = nn.Linear(4, 3)

    def forward(self, x):
        x = self.stem(self.drop_in(x))
        r = self.conv_a(torch.relu(self.bn_a(x)))
        r = self.conv_b(self.drop_b(torch.relu(self.bn_b(r))))
        x = x + r
        x = torch.flatten(nn.functional.adaptive_avg_pool2d(x, 1), 1)
        return self.fc(x)


def make_advice(out_dir):
    for name, seed, cls in (("question_net", 11, QuestionNet), ("residual_net", 12, ResidualNet)):
        torch.manual_seed(seed)
        model = cls()
        tm.randomize_bn(model, torch.Generator().manual_seed(seed))
        tm.mc_mode(model)
        x = torch.randn(1, 1, SIZE, SIZE, generator=torch.Generator().manual_seed(seed + 1000))
        path = os.path.join(out_dir, name + ".onnx")
        tm.export(model, x, path, torch.onnx.TrainingMode.PRESERVE, 17, True)
        dropouts, bns, bn_training = counts(path)
        print(f"{name}: {os.path.getsize(path)} bytes, {dropouts} Dropout, {bns} BN")


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if len(sys.argv) > 1 and sys.argv[1] == "--advice":
        out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
            root, "modules/onnx/src/test/resources/torch-advice")
        os.makedirs(out, exist_ok=True)
        make_advice(out)
        return
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        root, "modules/runtime/src/test/resources/torch")
    os.makedirs(out, exist_ok=True)
    T = torch.onnx.TrainingMode
    make(out, "train_op13", 1, CONV_P, T.TRAINING, 13, "train")
    make(out, "train_op17", 2, CONV_P, T.TRAINING, 17, "train")
    make(out, "preserve_op17", 3, CONV_P, T.PRESERVE, 17, "mc")
    make(out, "preserve_head", 4, 0.0, T.PRESERVE, 17, "mc")
    make(out, "eval_op17", 5, CONV_P, T.EVAL, 17, "eval")
    make(out, "preserve_fixed_batch", 6, CONV_P, T.PRESERVE, 17, "mc", dynamic_batch=False)


if __name__ == "__main__":
    main()

"""PyTorch definitions shared by mcdrop's test-data generator and its runtime benchmark.

Test-data tooling only: nothing in mcdrop imports or ships this. Run with Debian's
/usr/bin/python3 (python3-torch 1.13).
"""
import torch
from torch import nn


def conv_block(cin, cout):
    return [nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU(), nn.MaxPool2d(2)]


class BenchCnn(nn.Sequential):
    """conv32-bn-relu-pool, conv64-bn-relu-pool[, dropout conv_p after each block], fc128-relu,
    dropout 0.5, fc10 on 1x28x28 (the benchmark models of issue 2)."""

    def __init__(self, conv_p=0.0, head_p=0.5, size=28, c1=32, c2=64, hidden=128, classes=10):
        layers = conv_block(1, c1)
        if conv_p > 0:
            layers.append(nn.Dropout(conv_p))
        layers += conv_block(c1, c2)
        if conv_p > 0:
            layers.append(nn.Dropout(conv_p))
        s = size // 4
        layers += [nn.Flatten(), nn.Linear(c2 * s * s, hidden), nn.ReLU()]
        if head_p > 0:
            layers.append(nn.Dropout(head_p))
        layers.append(nn.Linear(hidden, classes))
        super().__init__(*layers)


def randomize_bn(model, gen):
    """Non-trivial running statistics and affine parameters, so that restoring batch norm to
    inference mode (running stats) is observable: batch statistics would give other numbers."""
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            with torch.no_grad():
                m.running_mean.copy_(torch.randn(m.num_features, generator=gen) * 0.5)
                m.running_var.copy_(torch.rand(m.num_features, generator=gen) * 1.5 + 0.5)
                m.weight.copy_(torch.rand(m.num_features, generator=gen) + 0.5)
                m.bias.copy_(torch.randn(m.num_features, generator=gen) * 0.2)
    return model


def mc_mode(model):
    """eval() everywhere, then only the dropout modules back in train mode: MC dropout done right
    (batch norm keeps its running statistics)."""
    model.eval()
    for m in model.modules():
        if isinstance(m, (nn.Dropout, nn.Dropout2d)):
            m.train()
    return model


def export(model, x, path, training, opset=17, dynamic_batch=True):
    torch.onnx.export(
        model,
        x,
        path,
        input_names=["input"],
        output_names=["logits"],
        dynamic_axes={"input": {0: "N"}, "logits": {0: "N"}} if dynamic_batch else None,
        opset_version=opset,
        training=training,
        do_constant_folding=False,
    )

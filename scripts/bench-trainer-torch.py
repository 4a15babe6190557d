#!/usr/bin/env python3
"""PyTorch 1.13 peer for mcdrop's trainer benchmark: the same architectures, batch and optimizer.

Usage: bench-trainer-torch.py PRESET THREADS BATCH WARMUP BLOCKS STEPS_PER_BLOCK
Prints: torch PRESET threads=T batch=B img/s=X
"""
import statistics
import sys
import time

import torch
import torch.nn as nn


def fashion():
    # mcdrop preset "fashion": conv32-bn-relu-pool, conv64-bn-relu, conv64-bn-relu-pool,
    # fc256-relu-drop0.5, fc10 (convs followed by BN have no bias, as in mcdrop)
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1, bias=False), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1, bias=False), nn.BatchNorm2d(64), nn.ReLU(),
        nn.Conv2d(64, 64, 3, padding=1, bias=False), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 256), nn.ReLU(), nn.Dropout(0.5), nn.Linear(256, 10),
    ), (1, 28, 28)


def deepconv():
    # mcdrop preset "deepconv": 4 stages of (conv64-bn-relu x3, pool), fc128-relu-drop0.5, fc10
    layers, cin = [], 3
    for _ in range(4):
        for _ in range(3):
            layers += [nn.Conv2d(cin, 64, 3, padding=1, bias=False), nn.BatchNorm2d(64), nn.ReLU()]
            cin = 64
        layers.append(nn.MaxPool2d(2))
    layers += [nn.Flatten(), nn.Linear(64 * 4 * 4, 128), nn.ReLU(), nn.Dropout(0.5), nn.Linear(128, 10)]
    return nn.Sequential(*layers), (3, 64, 64)


def main():
    preset, threads, batch, warmup, blocks, steps = sys.argv[1], *map(int, sys.argv[2:7])
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    model, shape = {"fashion": fashion, "deepconv": deepconv}[preset]()
    model.train()
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, nesterov=True, weight_decay=5e-4)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.randn(batch, *shape)
    y = torch.randint(0, 10, (batch,))

    def step():
        opt.zero_grad(set_to_none=True)
        loss_fn(model(x), y).backward()
        opt.step()

    for _ in range(warmup):
        step()
    rates = []
    for _ in range(blocks):
        t0 = time.perf_counter()
        for _ in range(steps):
            step()
        rates.append(steps * batch / (time.perf_counter() - t0))
    print(f"torch {preset} threads={threads} batch={batch} img/s={statistics.median(rates):.1f}"
          f" (torch {torch.__version__}, get_num_threads={torch.get_num_threads()})")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Makes an over-confident copy of an mcdrop model by multiplying its logits by a factor.

Benchmark tooling only (never part of mcdrop); needs Debian's python3-onnx:

    /usr/bin/python3 scripts/make_scaled_logit_model.py IN.onnx OUT.onnx [FACTOR=3]

The copy's output is FACTOR x the original logits (a Mul node before the graph output), so its
probabilities are those of the original at temperature 1/FACTOR: over-confident by construction,
with the same accuracy. A stand-in for a user's over-fitted model when there is no time to train
one (scripts/make_overconfident_model.py trains the real thing).
"""
import sys

import onnx
from onnx import helper, numpy_helper
import numpy as np


def main():
    src, dst = sys.argv[1], sys.argv[2]
    factor = float(sys.argv[3]) if len(sys.argv) > 3 else 3.0
    m = onnx.load(src)
    g = m.graph
    out = g.output[0].name
    for n in g.node:
        for i, o in enumerate(n.output):
            if o == out:
                n.output[i] = out + "_unscaled"
    g.initializer.append(numpy_helper.from_array(np.array(factor, dtype=np.float32), "logit_scale"))
    g.node.append(helper.make_node("Mul", [out + "_unscaled", "logit_scale"], [out], name="scale"))
    m.doc_string = f"{m.doc_string} (logits x {factor}: over-confident copy)"
    onnx.save(m, dst)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Golden outputs of torch.nn.functional.conv_transpose2d for ConvTransposeTest.

    /usr/bin/python3 make_golden.py > golden.json     (Debian's python3-torch)

Each case: input (B, in, H, W), weight (in, out, k, k), bias (out), stride, padding, and PyTorch's
output, all flattened row-major; inputs are small integers / 8 so every value is exact in float32.
"""
import json

import torch
import torch.nn.functional as F

CASES = [  # (batch, in, out, side, k, stride, padding)
    (2, 2, 3, 3, 4, 2, 1),
    (1, 3, 2, 1, 7, 1, 0),
    (2, 2, 2, 7, 4, 2, 1),
    (1, 1, 2, 2, 3, 1, 1),
]


def main():
    g = torch.Generator().manual_seed(5)
    out = []
    for b, cin, cout, side, k, s, p in CASES:
        x = torch.randint(-8, 9, (b, cin, side, side), generator=g).float() / 8
        w = torch.randint(-8, 9, (cin, cout, k, k), generator=g).float() / 8
        bias = torch.randint(-8, 9, (cout,), generator=g).float() / 8
        y = F.conv_transpose2d(x, w, bias, stride=s, padding=p)
        out.append({
            "stride": s, "padding": p,
            "x_shape": list(x.shape), "x": x.flatten().tolist(),
            "w_shape": list(w.shape), "w": w.flatten().tolist(),
            "bias": bias.tolist(),
            "y_shape": list(y.shape), "y": y.flatten().tolist(),
        })
    print(json.dumps({"torch": torch.__version__, "cases": out}))


if __name__ == "__main__":
    main()

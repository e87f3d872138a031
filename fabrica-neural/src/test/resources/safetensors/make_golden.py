#!/usr/bin/env python3
"""Regenerates golden.safetensors, the parity file for SafetensorsTest.

Pure Python (struct + json), written from the published safetensors format
(https://github.com/huggingface/safetensors#format), without torch:

  * 8 bytes: N, the header length, an unsigned 64-bit little-endian integer;
  * N bytes: a UTF-8 JSON object, padded with spaces (0x20) so that N is a
    multiple of 8. It maps "__metadata__" to a string->string object and every
    tensor name to {"dtype", "shape", "data_offsets": [begin, end]}, the offsets
    counted from the first byte after the header;
  * the tensors' bytes, row-major, little-endian, back to back.

The JSON is compact (no spaces) with "__metadata__" first and the tensors in
the order their data is laid out, which is the layout Safetensors.write uses,
so the Java writer must reproduce this file byte for byte.

F16 values are packed by struct's "e" format (IEEE 754 binary16, round half to
even). BF16 has no struct format: it is the top 16 bits of the float32, rounded
to nearest with ties to even, below.

Run from this directory:  python3 make_golden.py
"""
import json
import math
import struct

NAN = float("nan")
INF = float("inf")

# float32 values: pi rounds to float32; 1e-40 is a float32 subnormal
F32 = [0.0, -1.5, 3.14159265, 1e-40, INF, NAN]
# binary16: 65504 is the largest finite; 2**-24 the smallest subnormal;
# 1 + 2**-11 is halfway between 1 and 1 + 2**-10 and rounds to even (1.0);
# 1 + 3 * 2**-11 is halfway and rounds up to the even 1 + 2**-9;
# 0.1 rounds to 0.0999755859375; infinity is given as such (struct refuses to
# round a finite overflow like 1e5 to it, so SafetensorsTest checks that case)
F16 = [1.0, -2.0, 65504.0, 2.0**-24, 1.0 + 2.0**-11, 1.0 + 3 * 2.0**-11, INF, 0.1, -0.0, NAN]
# bfloat16: 1 + 2**-8 is a tie that rounds to even (1.0); 1 + 3 * 2**-8 a tie
# that rounds up to 1 + 2**-6; 1e-39 is subnormal (kept); 3.4e38 overflows to inf
BF16 = [1.0, -3.0, 1.0 + 2.0**-8, 1.0 + 3 * 2.0**-8, 1e-39, 3.4e38, -INF, NAN]
I64 = [0, -1, 2**53 + 1, -(2**63), 2**63 - 1, 42]


def f32_bits(x):
    return struct.unpack("<I", struct.pack("<f", x))[0]


def bf16_bytes(values):
    out = b""
    for x in values:
        bits = f32_bits(x)
        if math.isnan(x):
            top = (bits >> 16) | 0x40  # keep it a (quiet) NaN
        else:
            top = ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16) & 0xFFFF
        out += struct.pack("<H", top)
    return out


TENSORS = [  # (name, dtype, shape, raw little-endian bytes)
    ("weights.f32", "F32", [2, 3], struct.pack("<6f", *F32)),
    ("weights.f16", "F16", [10], struct.pack("<10e", *F16)),
    ("weights.bf16", "BF16", [2, 4], bf16_bytes(BF16)),
    ("steps.i64", "I64", [3, 2], struct.pack("<6q", *I64)),
]
METADATA = {"format": "pt", "step": "1200", "note": "naïve ünïcode"}


def main():
    header = {"__metadata__": METADATA}
    offset = 0
    for name, dtype, shape, data in TENSORS:
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open("golden.safetensors", "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for _, _, _, data in TENSORS:
            f.write(data)


if __name__ == "__main__":
    main()

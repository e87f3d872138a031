#!/usr/bin/env python3
"""Golden tensors for GptParityTest: an independent PyTorch GPT with fixed seeded weights.

    cd fabrica-neural/src/test/resources/gpt
    /usr/bin/python3 make_golden.py          (Debian's python3-torch; no other package)

For each case it writes <case>.safetensors holding every weight under nanoGPT's state_dict names
(lm_head.weight included, tied to transformer.wte.weight), the input token ids `input.idx`
(B, T) int64 and the logits `output.logits` (B, T, V) float32; the model's hyperparameters are
in the file's __metadata__ as JSON under "config". The model below is written from the GPT-2
architecture as a plain function of a dict of tensors (pre-LayerNorm blocks, causal multi-head
attention, exact-erf GELU MLP 4x wide, final LayerNorm, tied output): it shares no code with
fabrica, so agreement to 1e-5 checks fabrica's model, not a translation of it.
The files are written by a few lines of struct + json (the safetensors format: an 8-byte little
endian header length, a JSON header, raw little-endian tensors), so no safetensors package is needed.
"""
import json
import math
import struct

import torch
import torch.nn.functional as F

CASES = {
    # name: (vocab, block, layers, heads, width, bias, batch, T)
    "tiny-bias": (13, 8, 2, 2, 16, True, 2, 8),
    "tiny-nobias": (11, 6, 1, 4, 8, False, 1, 5),
}


def weights(vocab, block, layers, width, bias, gen):
    """Seeded weights, deliberately not the training initialisation: LayerNorm gains and every
    bias differ from 1 and 0, so a forgotten term shows up in the logits."""
    def rnd(*shape, scale=0.3):
        return (torch.randn(*shape, generator=gen) * scale).float()

    w = {"transformer.wte.weight": rnd(vocab, width), "transformer.wpe.weight": rnd(block, width)}
    for i in range(layers):
        p = f"transformer.h.{i}."
        w[p + "ln_1.weight"] = 1 + rnd(width, scale=0.1)
        w[p + "attn.c_attn.weight"] = rnd(3 * width, width)
        w[p + "attn.c_proj.weight"] = rnd(width, width)
        w[p + "ln_2.weight"] = 1 + rnd(width, scale=0.1)
        w[p + "mlp.c_fc.weight"] = rnd(4 * width, width)
        w[p + "mlp.c_proj.weight"] = rnd(width, 4 * width)
        if bias:
            w[p + "ln_1.bias"] = rnd(width, scale=0.1)
            w[p + "attn.c_attn.bias"] = rnd(3 * width, scale=0.1)
            w[p + "attn.c_proj.bias"] = rnd(width, scale=0.1)
            w[p + "ln_2.bias"] = rnd(width, scale=0.1)
            w[p + "mlp.c_fc.bias"] = rnd(4 * width, scale=0.1)
            w[p + "mlp.c_proj.bias"] = rnd(width, scale=0.1)
    w["transformer.ln_f.weight"] = 1 + rnd(width, scale=0.1)
    if bias:
        w["transformer.ln_f.bias"] = rnd(width, scale=0.1)
    w["lm_head.weight"] = w["transformer.wte.weight"]
    return w


def forward(w, idx, layers, heads):
    """Logits (B, T, V) of token ids (B, T)."""
    b, t = idx.shape
    width = w["transformer.wte.weight"].shape[1]
    hs = width // heads

    def ln(x, name):
        return F.layer_norm(x, (width,), w[name + ".weight"], w.get(name + ".bias"), 1e-5)

    def lin(x, name):
        return F.linear(x, w[name + ".weight"], w.get(name + ".bias"))

    x = w["transformer.wte.weight"][idx] + w["transformer.wpe.weight"][torch.arange(t)]
    future = torch.ones(t, t, dtype=torch.bool).triu(1)  # key after query: hidden
    for i in range(layers):
        p = f"transformer.h.{i}."
        h = ln(x, p + "ln_1")
        q, k, v = lin(h, p + "attn.c_attn").chunk(3, dim=-1)
        q, k, v = (z.view(b, t, heads, hs).permute(0, 2, 1, 3) for z in (q, k, v))
        scores = (q @ k.transpose(-1, -2)) / math.sqrt(hs)
        scores = scores.masked_fill(future, float("-inf"))
        y = scores.softmax(dim=-1) @ v
        y = y.permute(0, 2, 1, 3).reshape(b, t, width)
        x = x + lin(y, p + "attn.c_proj")
        h = ln(x, p + "ln_2")
        x = x + lin(F.gelu(lin(h, p + "mlp.c_fc")), p + "mlp.c_proj")
    x = ln(x, "transformer.ln_f")
    return x @ w["lm_head.weight"].T


def write_safetensors(path, tensors, metadata):
    header = {"__metadata__": metadata}
    blobs = []
    offset = 0
    for name, tensor in tensors.items():
        data = tensor.contiguous().numpy().tobytes()  # little-endian on x86-64
        dtype = {torch.float32: "F32", torch.int64: "I64"}[tensor.dtype]
        header[name] = {"dtype": dtype, "shape": list(tensor.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    head = json.dumps(header, separators=(",", ":")).encode()
    head += b" " * (-len(head) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(head)))
        f.write(head)
        for blob in blobs:
            f.write(blob)


def main():
    for seed, (name, (vocab, block, layers, heads, width, bias, batch, t)) in enumerate(CASES.items()):
        gen = torch.Generator().manual_seed(100 + seed)
        w = weights(vocab, block, layers, width, bias, gen)
        idx = torch.randint(0, vocab, (batch, t), generator=gen)
        with torch.no_grad():
            logits = forward(w, idx, layers, heads)
        tensors = dict(w)
        tensors["input.idx"] = idx
        tensors["output.logits"] = logits.float()
        config = {"vocab_size": vocab, "block_size": block, "n_layer": layers, "n_head": heads,
                  "n_embd": width, "bias": bias}
        write_safetensors(f"{name}.safetensors", tensors,
                          {"config": json.dumps(config), "torch": torch.__version__})
        print(name, tuple(logits.shape), float(logits.abs().max()))


if __name__ == "__main__":
    main()

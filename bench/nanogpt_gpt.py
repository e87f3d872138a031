#!/usr/bin/python3
"""Runs nanoGPT's own train.py and sample.py, unchanged, on fabrica's text and split, and prints JSON.

    NANOGPT_SRC=/path/to/nanoGPT /usr/bin/python3 bench/nanogpt_gpt.py TEXT --threads 1 --steps 2000

nanoGPT is not part of fabrica: pass a checkout of it (github karpathy/nanoGPT) in NANOGPT_SRC.
This script only prepares the data the way fabrica reads it (UTF-8, ANSI colour codes dropped,
character vocabulary = the sorted code points of the whole text, the first round(0.9 n) characters
train and the rest validate) into nanoGPT's layout (train.bin / val.bin as uint16 ids, meta.pkl,
as its data/shakespeare_char/prepare.py writes them), then runs train.py with the CPU command of
nanoGPT's README and sample.py with its defaults (10 samples of 500 tokens from "\n", temperature
0.8, top-k 200), timing only the calls to GPT.generate. Debian's python3-torch is enough: sample.py
imports tiktoken but uses it only without a meta.pkl, so a missing tiktoken is replaced by an
empty module.
"""
import argparse
import contextlib
import json
import math
import os
import pickle
import platform
import re
import runpy
import statistics
import sys
import tempfile
import time
import types

import numpy as np
import torch

ANSI = re.compile("\x1b\\[[0-9;]*[A-Za-z]")  # fabrica's GptRuns.readText drops the same codes
DATASET = "fabrica_char"
WARMUP = 10  # steps not timed, as fabrica's bench gpt


def prepare(text_path, work):
    with open(text_path, encoding="utf-8") as f:
        text = ANSI.sub("", f.read())
    chars = sorted(set(text))  # code points, as fabrica's CharTokenizer
    stoi = {ch: i for i, ch in enumerate(chars)}
    cut = int(math.floor(len(text) * 0.9 + 0.5))  # Java's Math.round, as TextCorpus
    out = os.path.join(work, "data", DATASET)
    os.makedirs(out, exist_ok=True)
    np.array([stoi[c] for c in text[:cut]], dtype=np.uint16).tofile(os.path.join(out, "train.bin"))
    np.array([stoi[c] for c in text[cut:]], dtype=np.uint16).tofile(os.path.join(out, "val.bin"))
    with open(os.path.join(out, "meta.pkl"), "wb") as f:
        pickle.dump({"vocab_size": len(chars), "itos": dict(enumerate(chars)), "stoi": stoi}, f)
    return {"characters": len(text), "vocab_size": len(chars), "train_tokens": cut, "val_tokens": len(text) - cut}


def run_script(src, name, argv, log):
    """Runs nanoGPT's script `name` as __main__ with these arguments, its output into `log`."""
    sys.argv = [os.path.join(src, name)] + argv
    with open(log, "w") as f, contextlib.redirect_stdout(f):
        runpy.run_path(os.path.join(src, name), run_name="__main__")


def eval_interval(steps):
    """config/train_shakespeare_char.py's 250, or the whole run when it is shorter."""
    return min(250, steps)


def train(src, steps, log):
    argv = [os.path.join(src, "config", "train_shakespeare_char.py"), "--dataset=" + DATASET,
            # nanoGPT's README CPU command
            "--device=cpu", "--compile=False", "--eval_iters=20", "--log_interval=1", "--block_size=64",
            "--batch_size=12", "--n_layer=4", "--n_head=4", "--n_embd=128", f"--max_iters={steps}",
            f"--lr_decay_iters={steps}", "--dropout=0.0",
            # sample.py needs a checkpoint: keep the last evaluation's, and evaluate at the end of a
            # run shorter than the config's eval_interval (250) too
            "--always_save_checkpoint=True", f"--eval_interval={eval_interval(steps)}"]
    run_script(src, "train.py", argv, log)
    times, val = {}, {}
    for line in open(log):
        m = re.match(r"iter (\d+): loss [\d.]+, time ([\d.]+)ms", line)
        if m:
            times[int(m.group(1))] = float(m.group(2))
        m = re.match(r"step (\d+): train loss [\d.]+, val loss ([\d.]+)", line)
        if m:
            val[int(m.group(1))] = float(m.group(2))
    every = eval_interval(steps)  # an evaluation's time lands in the iteration it precedes: not timed
    timed = [t for i, t in times.items() if WARMUP <= i < steps and i % every != 0]
    return {"ms_per_step": round(statistics.mean(timed), 2), "ms_per_step_median": round(statistics.median(timed), 2),
            "timed_steps": len(timed), "val_loss": val.get(steps), "val_loss_by_step": val,
            "argv": "train.py " + " ".join(a if not a.startswith(src) else os.path.relpath(a, src) for a in argv)}


def full_val_loss(block_size=64):
    """Mean loss of the trained model on the whole of val.bin in consecutive windows of the context
    (every token but the first predicted once), as fabrica's GptEval and bench gpt's val_loss_full."""
    import model
    ckpt = torch.load(os.path.join("out-shakespeare-char", "ckpt.pt"), map_location="cpu")
    gpt = model.GPT(model.GPTConfig(**ckpt["model_args"]))
    gpt.load_state_dict(ckpt["model"])
    gpt.eval()
    ids = torch.from_numpy(np.fromfile(os.path.join("data", DATASET, "val.bin"), dtype=np.uint16).astype(np.int64))
    predicted = len(ids) - 1
    windows = predicted // block_size
    nats = 0.0
    with torch.no_grad():
        for w in range(0, windows, 64):
            n = min(64, windows - w)
            x = ids[w * block_size:(w + n) * block_size].view(n, block_size)
            y = ids[w * block_size + 1:(w + n) * block_size + 1].view(n, block_size)
            nats += gpt(x, y)[1].item() * n * block_size
        rest = predicted - windows * block_size
        if rest:
            x = ids[windows * block_size:windows * block_size + rest].view(1, rest)
            y = ids[windows * block_size + 1:windows * block_size + 1 + rest].view(1, rest)
            nats += gpt(x, y)[1].item() * rest
    return {"val_loss_full": round(nats / predicted, 4), "checkpoint_step": ckpt["iter_num"]}


def sample(src, log):
    import model  # nanoGPT's model.py: sample.py imports the same module object

    spent = {"seconds": 0.0, "tokens": 0}
    generate = model.GPT.generate

    def timed(self, idx, max_new_tokens, *args, **kwargs):
        t0 = time.perf_counter()
        out = generate(self, idx, max_new_tokens, *args, **kwargs)
        spent["seconds"] += time.perf_counter() - t0
        spent["tokens"] += max_new_tokens * idx.shape[0]
        return out

    model.GPT.generate = timed
    run_script(src, "sample.py", ["--out_dir=out-shakespeare-char", "--device=cpu"], log)
    return {"generation_tokens_per_second": round(spent["tokens"] / spent["seconds"], 1), "tokens": spent["tokens"],
            "seconds": round(spent["seconds"], 3), "argv": "sample.py --out_dir=out-shakespeare-char --device=cpu"}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("text")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--steps", type=int, default=2000)
    p.add_argument("--work", help="working directory (default: a temporary one, removed at the end)")
    a = p.parse_args()
    src = os.environ.get("NANOGPT_SRC")
    if not src or not os.path.isfile(os.path.join(src, "train.py")):
        sys.exit("NANOGPT_SRC must name a nanoGPT checkout (with train.py, sample.py, model.py)")
    src = os.path.abspath(src)
    text = os.path.abspath(a.text)
    torch.set_num_threads(a.threads)
    try:
        import tiktoken  # noqa: F401
    except ImportError:
        sys.modules["tiktoken"] = types.ModuleType("tiktoken")
    sys.path.insert(0, src)
    with tempfile.TemporaryDirectory() as tmp:
        work = os.path.abspath(a.work or tmp)
        os.makedirs(work, exist_ok=True)
        os.chdir(work)  # train.py and sample.py read configurator.py and data/ from the working directory
        if not os.path.exists("configurator.py"):
            os.symlink(os.path.join(src, "configurator.py"), "configurator.py")
        data = prepare(text, work)
        t = train(src, a.steps, os.path.join(work, "train.log"))
        with contextlib.redirect_stdout(sys.stderr):  # model.py prints as it builds a model; stdout is the JSON's
            t.update(full_val_loss())
        s = sample(src, os.path.join(work, "sample.log"))
    print(json.dumps({
        "tool": "nanoGPT", "text": text, "data": data, "steps": a.steps, "threads": torch.get_num_threads(),
        "train": t, "sample": s, "torch": torch.__version__, "python": platform.python_version(),
        "cores": os.cpu_count(), "load_average": open("/proc/loadavg").read().split()[:3],
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }, indent=2))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The DCGAN half of `fabrica bench images`, done with PyTorch eager on the same data: the reference to
compare fabrica's epoch time and FID-FMNIST against (fabrica scores the samples written here with
its own FID, so both sides are measured by the same scorer).

    /usr/bin/python3 bench/dcgan_torch.py [--epochs 5] [--threads N] [--seed 1] [--samples 10000]
                                          [--out dcgan_torch_samples-idx3-ubyte.gz] [--data DIR]

Needs Debian's python3-torch (PyTorch 1.13) and numpy; CPU only. DIR (default
/usr/share/datasets/fashion-mnist) holds train-images-idx3-ubyte.gz, read here with gzip + numpy
(big-endian header, magic 2051); labels and test images are not used. Pixels are scaled to [-1, 1]
as x / 127.5 - 1, shape (N, 1, 28, 28).

Networks (exactly; all convolutions bias=False):
  G, z ~ N(0, I) of 100 as (100, 1, 1):
    ConvTranspose2d(100, 128, 7, 1, 0) BatchNorm2d(128) ReLU   -> 128 x 7 x 7
    ConvTranspose2d(128, 64, 4, 2, 1)  BatchNorm2d(64)  ReLU   -> 64 x 14 x 14
    ConvTranspose2d(64, 1, 4, 2, 1)    Tanh                    -> 1 x 28 x 28
  D:
    Conv2d(1, 32, 4, 2, 1)  LeakyReLU(0.2)                     -> 32 x 14 x 14
    Conv2d(32, 64, 4, 2, 1) BatchNorm2d(64) LeakyReLU(0.2)     -> 64 x 7 x 7
    Conv2d(64, 1, 7, 1, 0)                                     -> 1 logit
Init as in the DCGAN paper / PyTorch example: conv weights N(0, 0.02), BN weight N(1, 0.02), BN
bias 0 (BN eps 1e-5, momentum 0.1, PyTorch defaults). Loss BCEWithLogitsLoss (mean over the batch);
Adam lr 2e-4, betas (0.5, 0.999) for both networks.

Each iteration follows pytorch/examples dcgan/main.py: D.zero_grad; D on the real batch, label 1,
backward; fake = G(noise) with fresh noise of the real batch's size; D on fake.detach(), label 0,
backward; D step. Then G.zero_grad; D on the same fake batch (not detached), label 1 (the
non-saturating G loss), backward; G step. Both networks stay in train mode throughout training
(BN uses batch statistics, so D's BN sees the fake batch twice, as in the example). Batch 128, a
fresh shuffle each epoch (torch.randperm), drop_last False (the last batch has 96 images, like the
example's DataLoader). The D loss of an iteration is loss_real + loss_fake (as the example's
errD); loss_d / loss_g are their means over the iterations of the last epoch.
torch.set_num_threads(N) with N from --threads (default os.cpu_count()), torch.manual_seed(seed).

Timed (time.perf_counter): each epoch of training, i.e. the shuffle, batch slicing from the
in-memory tensor, noise sampling, both forward/backward passes and both Adam steps; reading and
decoding the file is not timed, nor is sample generation.

After training, G in eval mode (BN running statistics), under no_grad, generates --samples images
from noise drawn by a torch.Generator seeded with --sample-seed (default 12345, independent of the
training stream), in batches of 1000, and writes them to --out as a gzip IDX file (magic 2051,
uint8, n x 28 x 28, pixel = clip(round((x + 1) / 2 * 255), 0, 255)).

A line of progress per epoch goes to stderr. Prints one JSON object: seconds per epoch (list and
median), per-epoch and last-epoch mean D and G losses, the samples path, config, torch version,
threads, core count, peak RSS, the date and the command.
"""
import argparse
import datetime
import gzip
import json
import os
import resource
import statistics
import struct
import sys
import time

import numpy as np
import torch
from torch import nn

DATA = "/usr/share/datasets/fashion-mnist"
NZ = 100


def read_idx_images(path):
    with gzip.open(path, "rb") as f:
        buf = f.read()
    magic, n, rows, cols = np.frombuffer(buf, dtype=">i4", count=4)
    if magic != 2051:
        raise ValueError(f"{path}: magic {magic}, expected 2051 (IDX images)")
    return np.frombuffer(buf, dtype=np.uint8, offset=16).reshape(n, rows, cols)


def write_idx_images(path, images):
    n, rows, cols = images.shape
    with gzip.open(path, "wb") as f:
        f.write(struct.pack(">iiii", 2051, n, rows, cols))
        f.write(np.ascontiguousarray(images, dtype=np.uint8).tobytes())


def generator():
    return nn.Sequential(
        nn.ConvTranspose2d(NZ, 128, 7, 1, 0, bias=False), nn.BatchNorm2d(128), nn.ReLU(True),
        nn.ConvTranspose2d(128, 64, 4, 2, 1, bias=False), nn.BatchNorm2d(64), nn.ReLU(True),
        nn.ConvTranspose2d(64, 1, 4, 2, 1, bias=False), nn.Tanh())


def discriminator():
    return nn.Sequential(
        nn.Conv2d(1, 32, 4, 2, 1, bias=False), nn.LeakyReLU(0.2, inplace=True),
        nn.Conv2d(32, 64, 4, 2, 1, bias=False), nn.BatchNorm2d(64), nn.LeakyReLU(0.2, inplace=True),
        nn.Conv2d(64, 1, 7, 1, 0, bias=False))


def weights_init(m):
    if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d)):
        nn.init.normal_(m.weight, 0.0, 0.02)
    elif isinstance(m, nn.BatchNorm2d):
        nn.init.normal_(m.weight, 1.0, 0.02)
        nn.init.zeros_(m.bias)


def main():
    parser = argparse.ArgumentParser(description="PyTorch DCGAN (28x28) on Fashion-MNIST")
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--samples", type=int, default=10000)
    parser.add_argument("--sample-seed", type=int, default=12345)
    parser.add_argument("--out", default="dcgan_torch_samples-idx3-ubyte.gz")
    parser.add_argument("--data", default=DATA)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    train = torch.from_numpy(read_idx_images(os.path.join(args.data, "train-images-idx3-ubyte.gz"))
                             .astype(np.float32) / 127.5 - 1.0).unsqueeze(1)

    net_g, net_d = generator(), discriminator()
    net_g.apply(weights_init)
    net_d.apply(weights_init)
    criterion = nn.BCEWithLogitsLoss()
    opt_d = torch.optim.Adam(net_d.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_g = torch.optim.Adam(net_g.parameters(), lr=2e-4, betas=(0.5, 0.999))

    n = train.shape[0]
    epoch_seconds, loss_d_epochs, loss_g_epochs = [], [], []
    for _ in range(args.epochs):
        net_g.train()
        net_d.train()
        t0 = time.perf_counter()
        sum_d = sum_g = 0.0
        iters = 0
        perm = torch.randperm(n)
        for start in range(0, n, args.batch):
            real = train[perm[start:start + args.batch]]
            b = real.shape[0]
            ones, zeros = torch.ones(b), torch.zeros(b)
            # D: real batch, then a fake batch with G detached.
            net_d.zero_grad()
            err_real = criterion(net_d(real).view(-1), ones)
            err_real.backward()
            fake = net_g(torch.randn(b, NZ, 1, 1))
            err_fake = criterion(net_d(fake.detach()).view(-1), zeros)
            err_fake.backward()
            opt_d.step()
            # G: the same fake batch, labelled real (non-saturating loss).
            net_g.zero_grad()
            err_g = criterion(net_d(fake).view(-1), ones)
            err_g.backward()
            opt_g.step()
            sum_d += err_real.item() + err_fake.item()
            sum_g += err_g.item()
            iters += 1
        epoch_seconds.append(time.perf_counter() - t0)
        loss_d_epochs.append(sum_d / iters)
        loss_g_epochs.append(sum_g / iters)
        print(f"epoch {len(epoch_seconds)}/{args.epochs}: {epoch_seconds[-1]:.1f} s, "
              f"loss_d {loss_d_epochs[-1]:.4f}, loss_g {loss_g_epochs[-1]:.4f}", file=sys.stderr, flush=True)

    net_g.eval()
    gen = torch.Generator().manual_seed(args.sample_seed)
    chunks = []
    with torch.no_grad():
        for start in range(0, args.samples, 1000):
            k = min(1000, args.samples - start)
            x = net_g(torch.randn(k, NZ, 1, 1, generator=gen))
            chunks.append(torch.clamp(torch.round((x + 1) / 2 * 255), 0, 255).to(torch.uint8).squeeze(1).numpy())
    images = np.concatenate(chunks)
    out = os.path.abspath(args.out)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    write_idx_images(out, images)

    print(json.dumps({
        "benchmark": "images/dcgan",
        "engine": f"PyTorch {torch.__version__} eager (CPU), numpy {np.__version__}, Python {sys.version.split()[0]}",
        "model": "DCGAN 28x28: G 100-ConvT7-128-ConvT4s2-64-ConvT4s2-1 tanh; D 1-C4s2-32-C4s2-64-C7-1 logit",
        "epochs": args.epochs, "batch": args.batch, "optimizer": "Adam lr 2e-4 betas (0.5, 0.999), both",
        "train_images": n, "iterations_per_epoch": iters if args.epochs else 0,
        "seconds_per_epoch": [round(s, 3) for s in epoch_seconds],
        "median_seconds_per_epoch": round(statistics.median(epoch_seconds), 3) if epoch_seconds else None,
        "loss_d_per_epoch": [round(v, 4) for v in loss_d_epochs],
        "loss_g_per_epoch": [round(v, 4) for v in loss_g_epochs],
        "loss_d": round(loss_d_epochs[-1], 4) if loss_d_epochs else None,
        "loss_g": round(loss_g_epochs[-1], 4) if loss_g_epochs else None,
        "samples": int(images.shape[0]),
        "sample_seed": args.sample_seed,
        "samples_path": out,
        "torch_version": torch.__version__,
        "threads": torch.get_num_threads(),
        "cores": os.cpu_count(),
        "seed": args.seed,
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "date": datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat(),
        "command": "/usr/bin/python3 " + " ".join(sys.argv),
    }, indent=2))


if __name__ == "__main__":
    main()

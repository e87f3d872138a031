#!/usr/bin/env python3
"""The VAE half of `fabrica bench images`, done with PyTorch eager on the same data: the reference to
compare fabrica's epoch time and test loss against.

    /usr/bin/python3 bench/vae_torch.py [--epochs 10] [--threads N] [--seed 1] [--data DIR]

Needs Debian's python3-torch (PyTorch 1.13) and numpy; CPU only. DIR (default
/usr/share/datasets/fashion-mnist) holds the Fashion-MNIST IDX files
{train,t10k}-images-idx3-ubyte.gz, read here with gzip + numpy (big-endian header, magic 2051); the
labels are not used. Pixels are scaled to [0, 1] as x / 255 (not binarized).

Model: the MLP VAE of PyTorch's examples/vae, unchanged: fc1 784->400, ReLU; fc21 and fc22 400->20
(mu and logvar); z = mu + exp(logvar / 2) * eps, eps ~ N(0, I); fc3 20->400, ReLU; fc4 400->784,
sigmoid. Loss per batch = binary cross-entropy summed over pixels and images + KL, with
KL = -0.5 * sum(1 + logvar - mu^2 - exp(logvar)). The BCE is computed as
binary_cross_entropy_with_logits(fc4 output, x, reduction='sum'), i.e. on the logits before the
sigmoid: the same function as the example's binary_cross_entropy(sigmoid(.)) but numerically stable
(the example's version clamps log at -100 instead). Default nn.Linear init, Adam lr 1e-3, batch 128,
a fresh shuffle each epoch (torch.randperm), drop_last False (the last batch has 96 images).
torch.set_num_threads(N) with N from --threads (default os.cpu_count()), torch.manual_seed(seed).

Timed (time.perf_counter): each epoch of training, i.e. the shuffle, batch slicing from the
in-memory tensor, forward, backward and Adam step; reading and decoding the files is not timed, nor
is the test pass.

Test loss, in nats per image, on the 10,000 test images after the last epoch with the model in eval
mode (no_grad, batch 128): test_loss_nats is sum(BCE + KL) / 10,000 with z sampled as the PyTorch
example does in its test(); test_loss_nats_z_mu is the same with z = mu (no sampling noise).
recon_nats / kl_nats are the two terms of test_loss_nats, recon_nats_z_mu the recon term with z = mu
(KL does not depend on z). train_loss_nats is the mean loss per training image of each epoch.

Prints one JSON object: seconds per epoch (list and median), the losses above, config, torch
version, threads, core count, peak RSS, the date and the command.
"""
import argparse
import datetime
import gzip
import json
import os
import resource
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

DATA = "/usr/share/datasets/fashion-mnist"


def read_idx_images(path):
    with gzip.open(path, "rb") as f:
        buf = f.read()
    magic, n, rows, cols = np.frombuffer(buf, dtype=">i4", count=4)
    if magic != 2051:
        raise ValueError(f"{path}: magic {magic}, expected 2051 (IDX images)")
    return np.frombuffer(buf, dtype=np.uint8, offset=16).reshape(n, rows * cols)


class VAE(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 400)
        self.fc21 = nn.Linear(400, 20)
        self.fc22 = nn.Linear(400, 20)
        self.fc3 = nn.Linear(20, 400)
        self.fc4 = nn.Linear(400, 784)

    def encode(self, x):
        h1 = F.relu(self.fc1(x))
        return self.fc21(h1), self.fc22(h1)

    def reparameterize(self, mu, logvar):
        std = torch.exp(0.5 * logvar)
        return mu + torch.randn_like(std) * std

    def decode_logits(self, z):
        # The example ends with torch.sigmoid(self.fc4(h3)); the loss takes the logits instead.
        return self.fc4(F.relu(self.fc3(z)))

    def forward(self, x, sample=True):
        mu, logvar = self.encode(x)
        z = self.reparameterize(mu, logvar) if sample else mu
        return self.decode_logits(z), mu, logvar


def loss_terms(logits, x, mu, logvar):
    bce = F.binary_cross_entropy_with_logits(logits, x, reduction="sum")
    kl = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
    return bce, kl


def main():
    parser = argparse.ArgumentParser(description="PyTorch reference MLP VAE on Fashion-MNIST")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--data", default=DATA)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    train = torch.from_numpy(read_idx_images(os.path.join(args.data, "train-images-idx3-ubyte.gz"))
                             .astype(np.float32) / 255.0)
    test = torch.from_numpy(read_idx_images(os.path.join(args.data, "t10k-images-idx3-ubyte.gz"))
                            .astype(np.float32) / 255.0)

    model = VAE()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    n = train.shape[0]
    epoch_seconds, train_loss = [], []
    for _ in range(args.epochs):
        model.train()
        t0 = time.perf_counter()
        total = 0.0
        perm = torch.randperm(n)
        for start in range(0, n, args.batch):
            x = train[perm[start:start + args.batch]]
            optimizer.zero_grad()
            logits, mu, logvar = model(x)
            bce, kl = loss_terms(logits, x, mu, logvar)
            loss = bce + kl
            loss.backward()
            total += loss.item()
            optimizer.step()
        epoch_seconds.append(time.perf_counter() - t0)
        train_loss.append(total / n)

    model.eval()
    sums = {"recon": 0.0, "kl": 0.0, "recon_mu": 0.0}
    with torch.no_grad():
        for start in range(0, test.shape[0], args.batch):
            x = test[start:start + args.batch]
            logits, mu, logvar = model(x, sample=True)
            bce, kl = loss_terms(logits, x, mu, logvar)
            sums["recon"] += bce.item()
            sums["kl"] += kl.item()
            logits_mu, _, _ = model(x, sample=False)
            sums["recon_mu"] += F.binary_cross_entropy_with_logits(logits_mu, x, reduction="sum").item()
    m = test.shape[0]
    recon, kl, recon_mu = sums["recon"] / m, sums["kl"] / m, sums["recon_mu"] / m

    print(json.dumps({
        "benchmark": "images/vae",
        "engine": f"PyTorch {torch.__version__} eager (CPU), numpy {np.__version__}, Python {sys.version.split()[0]}",
        "model": "MLP VAE of pytorch/examples vae: 784-400-(20,20) / 20-400-784, BCE(logits, sum) + KL",
        "epochs": args.epochs, "batch": args.batch, "optimizer": "Adam lr 1e-3",
        "train_images": n, "test_images": m,
        "seconds_per_epoch": [round(s, 3) for s in epoch_seconds],
        "median_seconds_per_epoch": round(statistics.median(epoch_seconds), 3),
        "train_loss_nats": [round(v, 3) for v in train_loss],
        "test_loss_nats": round(recon + kl, 4),
        "recon_nats": round(recon, 4),
        "kl_nats": round(kl, 4),
        "test_loss_nats_z_mu": round(recon_mu + kl, 4),
        "recon_nats_z_mu": round(recon_mu, 4),
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

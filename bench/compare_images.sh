#!/usr/bin/env bash
# Runs the PyTorch eager references and fabrica's images benchmark on the same Fashion-MNIST files,
# one after the other, and prints the three JSON objects (PyTorch VAE, PyTorch DCGAN, fabrica) in
# that order, then the load average at the end. fabrica scores the PyTorch DCGAN's samples with the
# same classifier as its own (--score-samples), so the two FID-FMNIST figures are comparable.
#   bench/compare_images.sh [OUT=/tmp/fabrica-images]
# Needs Debian's python3-torch (apt-get install python3-torch). The DCGAN's samples are written to
# OUT/dcgan_torch_samples-idx3-ubyte.gz (path in its JSON's samples_path), for fabrica's FID scorer.
# Each process uses every core; epochs and seeds are the scripts' defaults (VAE 10, DCGAN 5, seed 1).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-/tmp/fabrica-images}"
mkdir -p "$out"
/usr/bin/python3 bench/vae_torch.py
/usr/bin/python3 bench/dcgan_torch.py --out "$out/dcgan_torch_samples-idx3-ubyte.gz" 2>/dev/null
./fabrica bench images -q --score-samples "$out/dcgan_torch_samples-idx3-ubyte.gz"
echo "{\"load_average_at_end\": \"$(cat /proc/loadavg)\"}"

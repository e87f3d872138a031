#!/usr/bin/env bash
# Trains the baby GPT with fabrica (bench gpt) and with nanoGPT's own train.py on the same text,
# character vocabulary and 90/10 split, then times generation (fabrica with and without its cache,
# nanoGPT's sample.py), alternating the two tools RUNS times so both see the same machine, and
# prints one JSON object with every run, the medians and whether issue 5's targets are met.
#   NANOGPT_SRC=/path/to/nanoGPT bench/compare_gpt.sh [RUNS=1] [STEPS=2000] [THREADS=1] [TEXT]
# nanoGPT is not shipped with fabrica: NANOGPT_SRC names a checkout of it. Needs Debian's
# python3-torch and python3-numpy. TEXT defaults to all of Debian's English fortune files
# concatenated in name order (43 files, 2.6 million characters, 113 distinct: shakespeare_char's
# scale; the single `fortunes` file, 24,000 characters, is overfitted long before 2000 steps, which
# would make the final validation losses differ by chance).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-1}"
steps="${2:-2000}"
threads="${3:-1}"
text="${4:-}"
if [[ -z "${NANOGPT_SRC:-}" || ! -f "$NANOGPT_SRC/train.py" ]]; then
  echo "compare_gpt.sh: NANOGPT_SRC must name a nanoGPT checkout (with train.py and sample.py)" >&2
  exit 2
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
if [[ -z "$text" ]]; then
  text="$out/english-fortunes.txt"
  for f in /usr/share/games/fortunes/*; do
    name="$(basename "$f")"
    [[ -f "$f" && ! -L "$f" && "$name" != *.dat && "$name" != chinese && "$name" != tang300 && "$name" != song100 ]] || continue
    cat "$f" >>"$text"
  done
  [[ -s "$text" ]] || { echo "compare_gpt.sh: no English fortunes in /usr/share/games/fortunes (apt-get install fortunes), or pass TEXT" >&2; exit 2; }
fi
export OMP_NUM_THREADS="$threads"
for i in $(seq 1 "$runs"); do
  ./fabrica bench gpt --text "$text" --preset baby --steps "$steps" --threads "$threads" -q >"$out/fabrica-$i.json"
  /usr/bin/python3 bench/nanogpt_gpt.py "$text" --steps "$steps" --threads "$threads" 2>"$out/nanogpt-$i.err" >"$out/nanogpt-$i.json" \
    || { cat "$out/nanogpt-$i.err" >&2; exit 1; }
done
/usr/bin/python3 - "$out" "$runs" "$steps" "$threads" "$text" "$(cat /proc/loadavg)" <<'PY'
import json, statistics, sys
out, runs, steps, threads, text, load = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6]
f = [json.load(open(f"{out}/fabrica-{i}.json")) for i in range(1, runs + 1)]
n = [json.load(open(f"{out}/nanogpt-{i}.json")) for i in range(1, runs + 1)]
med = lambda xs: round(statistics.median(xs), 4)
fab = {"ms_per_step": med([r["ms_per_step"] for r in f]), "val_loss": med([r["val_loss"] for r in f]),
       "val_loss_full": med([r["val_loss_full"] for r in f]),
       "generation_tokens_per_second_cached": med([r["generation_tokens_per_second_cached"] for r in f]),
       "generation_tokens_per_second_uncached": med([r["generation_tokens_per_second_uncached"] for r in f])}
nano = {"ms_per_step": med([r["train"]["ms_per_step"] for r in n]), "val_loss": med([r["train"]["val_loss"] for r in n]),
        "val_loss_full": med([r["train"]["val_loss_full"] for r in n]),
        "generation_tokens_per_second": med([r["sample"]["generation_tokens_per_second"] for r in n])}
step_ratio = fab["ms_per_step"] / nano["ms_per_step"]
# the whole validation text scored the same way by both: 20 random batches differ by ~0.01-0.02 from run to run
loss_gap = fab["val_loss_full"] - nano["val_loss_full"]
loss_gap_batches = fab["val_loss"] - nano["val_loss"]
gen_ratio = fab["generation_tokens_per_second_cached"] / nano["generation_tokens_per_second"]
print(json.dumps({
    "benchmark": "gpt baby, fabrica vs nanoGPT (train.py, sample.py), same text and split, runs alternated",
    "runs": runs, "steps": steps, "threads": threads, "text": text,
    "fabrica": fab, "nanogpt": nano,
    "step_time_ratio": round(step_ratio, 3), "val_loss_full_difference": round(loss_gap, 4),
    "val_loss_20_batches_difference": round(loss_gap_batches, 4),
    "generation_speedup_cached": round(gen_ratio, 2),
    "targets": {"step_time_at_most_0.8x": step_ratio <= 0.8, "val_loss_full_within_0.02": abs(loss_gap) <= 0.02,
                "generation_at_least_5x": gen_ratio >= 5},
    "fabrica_runs": f, "nanogpt_runs": n,
    "load_average_at_end": load, "date": n[-1]["date"], "torch": n[0]["torch"],
    "text_characters": n[0]["data"]["characters"], "vocab_size": n[0]["data"]["vocab_size"],
    "command": f"NANOGPT_SRC=... bench/compare_gpt.sh {runs} {steps} {threads}" + ("" if "english-fortunes" in text else f" {text}"),
}, indent=2))
PY

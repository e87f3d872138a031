#!/usr/bin/env bash
# Runs fabrica's classic benchmark and scikit-learn / hmmlearn on the same exported data, alternating
# them RUNS times so both see the same machine conditions, and prints one JSON object with every run
# and the medians.
#   bench/compare_classic.sh [RUNS=3] [SCALE=1.0] [REPEAT=5]
# Each process times its fits REPEAT times: the first run is the cold figure, the median of the others
# the warm one.
# ONLY=nb-multinomial (a comma-separated --only list) runs just those benchmarks on both sides.
# Needs Debian's python3-sklearn; the HMM half runs when HMMLEARN_SRC names a hmmlearn source tree
# whose compiled core (_hmmc) is built (docs/benchmarks.md says how), else it is left out.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
scale="${2:-1.0}"
repeat="${3:-5}"
out="$(mktemp -d)"
data="$(mktemp -d)"
trap 'rm -rf "$out" "$data"' EXIT
only=()
if [[ -n "${ONLY:-}" ]]; then
  only=(--only "$ONLY")
fi
./fabrica bench classic "${only[@]}" --scale "$scale" --export "$data" -q >/dev/null
for i in $(seq 1 "$runs"); do
  ./fabrica bench classic "${only[@]}" --scale "$scale" --repeat "$repeat" -q >"$out/fabrica-$i.json"
  /usr/bin/python3 bench/classic_sklearn.py "$data" --repeat "$repeat" >"$out/sklearn-$i.json"
  if [[ -n "${HMMLEARN_SRC:-}" && ( -d "$data/hmm-gaussian" || -d "$data/hmm-categorical" ) ]]; then
    PYTHONPATH="$HMMLEARN_SRC" /usr/bin/python3 bench/classic_hmmlearn.py "$data" >"$out/hmmlearn-$i.json"
  fi
done
/usr/bin/python3 - "$out" "$runs" "$scale" "$(cat /proc/loadavg)" "$repeat" "${ONLY:-}" <<'PY'
import json, os, statistics, sys
out, runs, scale, load, repeat, only = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5]), sys.argv[6]
def load_runs(kind):
    files = [os.path.join(out, f"{kind}-{i}.json") for i in range(1, runs + 1)]
    return [json.load(open(f)) for f in files if os.path.exists(f)]
f, s, h = load_runs("fabrica"), load_runs("sklearn"), load_runs("hmmlearn")
def col(rs, bench, key):
    return [r["results"][bench][key] for r in rs if bench in r["results"]]
med = lambda xs: round(statistics.median(xs), 6) if xs else None
table = {}
for b in ("nb-gaussian", "nb-multinomial"):
    if b not in f[0]["results"]:
        continue
    row = {}
    keys = ("fit_seconds", "predict_proba_seconds", "fit_predict_seconds")
    for key in keys + (tuple(k + "_warm" for k in keys) if repeat > 1 else ()):
        row["fabrica_" + key], row["sklearn_" + key] = col(f, b, key), col(s, b, key)
        row["fabrica_median_" + key], row["sklearn_median_" + key] = med(col(f, b, key)), med(col(s, b, key))
    if row["sklearn_median_fit_predict_seconds"]:
        row["speedup"] = round(row["sklearn_median_fit_predict_seconds"] / row["fabrica_median_fit_predict_seconds"], 2)
    if repeat > 1 and row["sklearn_median_fit_predict_seconds_warm"]:
        row["speedup_warm"] = round(row["sklearn_median_fit_predict_seconds_warm"]
                                    / row["fabrica_median_fit_predict_seconds_warm"], 2)
    row["fabrica_mean_log_proba_true_class"] = f[0]["results"][b]["mean_log_proba_true_class"]
    row["sklearn_mean_log_proba_true_class"] = s[0]["results"][b]["mean_log_proba_true_class"] if s else None
    table[b] = row
for b in ("hmm-gaussian", "hmm-categorical"):
    if b not in f[0]["results"]:
        continue
    row = {"fabrica_seconds_per_iteration": col(f, b, "seconds_per_iteration"),
           "fabrica_median_seconds_per_iteration": med(col(f, b, "seconds_per_iteration")),
           "fabrica_median_seconds_per_iteration_warm": med(col(f, b, "seconds_per_iteration_warm")) if repeat > 1 else None,
           "fabrica_log_likelihood_last_iteration": f[0]["results"][b]["log_likelihood_last_iteration"]}
    for impl in ("log", "scaling"):
        k = f"{b}-{impl}"
        row[f"hmmlearn_{impl}_seconds_per_iteration"] = col(h, k, "seconds_per_iteration")
        row[f"hmmlearn_{impl}_median_seconds_per_iteration"] = med(col(h, k, "seconds_per_iteration"))
        row[f"hmmlearn_{impl}_log_likelihood_last_iteration"] = h[0]["results"][k]["log_likelihood_last_iteration"] if h else None
    if h:
        best = min(row["hmmlearn_log_median_seconds_per_iteration"], row["hmmlearn_scaling_median_seconds_per_iteration"])
        row["speedup_vs_faster_hmmlearn"] = round(best / row["fabrica_median_seconds_per_iteration"], 2)
    table[b] = row
print(json.dumps({
    "benchmark": "classic, fabrica vs scikit-learn / hmmlearn, same data, runs alternated",
    "runs": runs, "scale": float(scale), "repeat": repeat, "results": table,
    "fabrica_peak_rss_mib": [r["peak_rss_mib"] for r in f], "sklearn_peak_rss_mib": [r["peak_rss_mib"] for r in s],
    "hmmlearn_peak_rss_mib": [r["peak_rss_mib"] for r in h],
    "engines": [f[0]["engine"] + " " + f[0]["java"]] + [r[0]["engine"] for r in (s, h) if r],
    "cores": f[0]["cores"], "load_average_at_end": load, "date": f[0]["date"],
    "command": (f"ONLY={only} " if only else "HMMLEARN_SRC=... ") + f"bench/compare_classic.sh {runs} {scale} {repeat}",
}, indent=2))
PY

#!/usr/bin/env bash
# Runs fabrica's prep benchmark and the pandas + scikit-learn equivalent on the same generated CSV,
# alternating them RUNS times so both see the same machine conditions, and prints one JSON object
# with every run and the medians.
#   bench/compare_prep.sh [ROWS=1000000] [RUNS=3]
# Needs Debian's python3-pandas and python3-sklearn (apt-get install python3-pandas python3-sklearn).
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-1000000}"
runs="${2:-3}"
out="$(mktemp -d)"
trap 'rm -rf "$out" "${work:-}"' EXIT
./fabrica bench prep --rows "$rows" --keep -q >"$out/gen.json" 2>/dev/null
work="$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["work_dir"])' "$out/gen.json")"
csv="$work/reviews.csv"
for i in $(seq 1 "$runs"); do
  ./fabrica bench prep --csv "$csv" -q >"$out/fabrica-$i.json"
  /usr/bin/python3 bench/prep_pandas.py "$csv" >"$out/pandas-$i.json"
done
/usr/bin/python3 - "$out" "$runs" "$rows" <<'PY'
import json, statistics, sys, os
out, runs, rows = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def load(kind):
    return [json.load(open(os.path.join(out, f"{kind}-{i}.json"))) for i in range(1, runs + 1)]
f, p = load("fabrica"), load("pandas")
med = lambda xs: round(statistics.median(xs), 3)
ft, pt = [r["total_seconds"] for r in f], [r["total_seconds"] for r in p]
fm, pm = [r["peak_rss_mib"] for r in f], [r["peak_rss_mib"] for r in p]
print(json.dumps({
    "benchmark": "prep, fabrica vs pandas + scikit-learn, same CSV, runs alternated",
    "rows": rows, "runs": runs,
    "fabrica_total_seconds": ft, "pandas_total_seconds": pt,
    "fabrica_median_seconds": med(ft), "pandas_median_seconds": med(pt),
    "speedup": round(statistics.median(pt) / statistics.median(ft), 2),
    "fabrica_peak_rss_mib": fm, "pandas_peak_rss_mib": pm,
    "fabrica_median_peak_rss_mib": med(fm), "pandas_median_peak_rss_mib": med(pm),
    "fabrica_rows_out": f[0]["rows_out"], "pandas_rows_out": p[0]["rows_out"],
    "fabrica_wall_seconds_per_pass": f[0].get("wall_seconds_per_pass"),
    "pandas_seconds_per_step": p[0]["seconds"],
    "pandas_engine": p[0]["engine"], "cores": f[0]["cores"], "java": f[0]["java"],
    "fabrica_command": f[0]["command"], "date": f[0]["date"],
    "command": f"bench/compare_prep.sh {rows} {runs}",
}, indent=2, ensure_ascii=False))
PY

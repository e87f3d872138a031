#!/usr/bin/env python3
"""The steps of `fabrica bench prep`, done with pandas + scikit-learn, for comparison.

    /usr/bin/python3 bench/prep_pandas.py PATH/reviews.csv [--no-clean] [--out DIR]

PATH is the CSV that `fabrica bench prep --keep` leaves behind (it prints where). Steps, each timed
with time.perf_counter(): load (read_csv), dedupe (drop_duplicates on all columns), fill_missing
(text 'unknown', feature1 mean, feature2 median, label mode), clean_text (see below), split 70/15/15
(train_test_split twice, random_state=42), normalize (StandardScaler fitted on train, applied to
all three), and one write per split and format (to_csv; to_json lines, force_ascii=False).
Prints one JSON object shaped like fabrica's; peak RSS is ru_maxrss of this process.

Text cleaning: URLs (https?://... and www....) and HTML tags are removed with `re`, then every
character whose Unicode category is punctuation (P*) or symbol (S*) -- plus the emoji glue U+200D
(zero-width joiner) and U+FE0E/U+FE0F (variation selectors), so an emoji sequence such as ❤️ or
👨‍👩‍👧 leaves nothing invisible behind -- and finally runs of whitespace become one space, trimmed.
The P*/S* set is computed once with unicodedata.category over all code points and compiled into a
single `re` character class (the third-party `regex` module with \\p{P} is not installed here);
this is exact per category, unlike re.sub(r'[^\\w\\s]', '', x), which would keep '_' (category Pc).
--no-clean skips this step, to compare with a fabrica build that has no clean_text step.
"""
import argparse
import datetime
import json
import os
import re
import resource
import shutil
import sys
import tempfile
import time
import unicodedata

import pandas as pd
import sklearn
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

NUMERIC = ["feature1", "feature2"]
URLS = re.compile(r"(?:https?://|www\.)\S+")
HTML = re.compile(r"<[^>]*>")
SPACES = re.compile(r"\s+")


def punctuation_and_symbols():
    """One compiled character class: every code point of category P* or S*, plus the emoji glue."""
    ranges = []
    start = prev = None
    for cp in range(sys.maxunicode + 1):
        if unicodedata.category(chr(cp))[0] in "PS" or cp in (0x200D, 0xFE0E, 0xFE0F):
            if prev is not None and cp == prev + 1:
                prev = cp
                continue
            if start is not None:
                ranges.append((start, prev))
            start = prev = cp
    ranges.append((start, prev))
    body = "".join(re.escape(chr(a)) if a == b else re.escape(chr(a)) + "-" + re.escape(chr(b)) for a, b in ranges)
    return re.compile("[" + body + "]+")


def clean(series, ps):
    s = series.str.replace(URLS, " ", regex=True)
    s = s.str.replace(HTML, " ", regex=True)
    s = s.str.replace(ps, "", regex=True)
    return s.str.replace(SPACES, " ", regex=True).str.strip()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("csv")
    ap.add_argument("--no-clean", action="store_true", help="skip the text cleaning step")
    ap.add_argument("--out", help="output directory (default: a temporary one, deleted at the end)")
    args = ap.parse_args()

    out = args.out or tempfile.mkdtemp(prefix="prep-pandas-")
    os.makedirs(out, exist_ok=True)
    seconds = {}
    started = time.perf_counter()

    def timed(name, fn):
        t0 = time.perf_counter()
        result = fn()
        seconds[name] = round(time.perf_counter() - t0, 3)
        return result

    df = timed("load", lambda: pd.read_csv(args.csv))
    rows = len(df)
    df = timed("dedupe", lambda: df.drop_duplicates(ignore_index=True))
    dropped = rows - len(df)

    def fill():
        return df.fillna({
            "text": "unknown",
            "feature1": df["feature1"].mean(),
            "feature2": df["feature2"].median(),
            "label": df["label"].mode()[0],
        })

    df = timed("fill_missing", fill)
    if not args.no_clean:
        # building the character class is setup, not cleaning: timed on its own
        ps = timed("clean_text_setup", punctuation_and_symbols)
        df["text"] = timed("clean_text", lambda: clean(df["text"], ps))

    def split():
        train, rest = train_test_split(df, test_size=0.30, random_state=42)
        val, test = train_test_split(rest, test_size=0.50, random_state=42)
        return {"train": train.copy(), "val": val.copy(), "test": test.copy()}

    parts = timed("split", split)

    def normalize():
        scaler = StandardScaler().fit(parts["train"][NUMERIC])
        for p in parts.values():
            p[NUMERIC] = scaler.transform(p[NUMERIC])

    timed("normalize", normalize)
    for fmt in ("csv", "jsonl"):
        for name, p in parts.items():
            path = os.path.join(out, name + "." + fmt)
            if fmt == "csv":
                timed("write_" + name + ".csv", lambda: p.to_csv(path, index=False))
            else:
                timed("write_" + name + ".jsonl",
                      lambda: p.to_json(path, orient="records", lines=True, force_ascii=False))
    total = time.perf_counter() - started
    seconds["other"] = round(max(0.0, total - sum(seconds.values())), 3)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux
    steps = ["dedupe", "fill_missing"] + ([] if args.no_clean else ["clean_text"]) + ["split", "normalize"]
    cmd = "/usr/bin/python3 bench/prep_pandas.py " + args.csv + (" --no-clean" if args.no_clean else "")
    print(json.dumps({
        "benchmark": "prep",
        "engine": "pandas " + pd.__version__ + " + scikit-learn " + sklearn.__version__,
        "rows": rows,
        "rows_out": {"total": sum(len(p) for p in parts.values()),
                     **{k: len(v) for k, v in parts.items()}},
        "seconds": seconds,
        "total_seconds": round(total, 3),
        "rows_per_second": round(rows / total),
        "checks": {"duplicates_dropped": dropped},
        "peak_rss_mib": round(peak, 1),
        "cores": os.cpu_count(),
        "python": sys.version.split()[0],
        "config": {"steps": steps, "output_formats": ["csv", "jsonl"], "split_random_state": 42,
                   "input_mib": round(os.path.getsize(args.csv) / 2**20, 1)},
        "date": datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat(),
        "command": cmd,
    }, indent=2, ensure_ascii=False))
    if not args.out:
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()

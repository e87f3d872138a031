#!/usr/bin/env python3
"""The Naive Bayes half of `fabrica bench classic`, done with scikit-learn on the same data.

    ./fabrica bench classic --only nb-gaussian,nb-multinomial --export DIR -q
    /usr/bin/python3 bench/classic_sklearn.py DIR [--repeat R]

DIR holds nb-gaussian/{x,y}.npy and nb-multinomial/{x,y}.npy as written by --export (x float64
(rows, features), y int64 class indexes). For each, GaussianNB() or MultinomialNB() (defaults:
var_smoothing 1e-9, alpha 1) is fitted on all rows and predict_proba is run on all rows, each timed
with time.perf_counter(); loading the files is not timed. Prints one JSON object shaped like
fabrica's: fit, predict_proba and total seconds, accuracy and the mean log-probability of the true
class (equal models give equal figures), peak RSS (ru_maxrss) and the command. With --repeat R each
fit + predict_proba runs R times in this process; the *_warm fields are the median of runs 2..R.
"""
import argparse
import datetime
import json
import os
import resource
import statistics
import sys
import time

import numpy as np
import sklearn
from sklearn.naive_bayes import GaussianNB, MultinomialNB


def run(name, make, directory, repeat):
    x = np.load(os.path.join(directory, name, "x.npy"))
    y = np.load(os.path.join(directory, name, "y.npy"))
    fits, predicts = [], []
    for _ in range(repeat):
        model = make()
        t0 = time.perf_counter()
        model.fit(x, y)
        fits.append(time.perf_counter() - t0)
        t1 = time.perf_counter()
        proba = model.predict_proba(x)
        predicts.append(time.perf_counter() - t1)
    fit, predict = fits[0], predicts[0]
    with np.errstate(divide="ignore"):
        logp = np.log(proba[np.arange(len(y)), y])
    r = {
        "model": type(model).__name__ + " (defaults)",
        "rows": int(x.shape[0]), "features": int(x.shape[1]), "classes": int(len(model.classes_)),
        "fit_seconds": round(fit, 4), "predict_proba_seconds": round(predict, 4),
        "fit_predict_seconds": round(fit + predict, 4),
        "accuracy": float(np.mean(np.argmax(proba, axis=1) == y)),
        "mean_log_proba_true_class": float(np.mean(logp)),
    }
    if repeat > 1:
        r["fit_seconds_warm"] = round(statistics.median(fits[1:]), 4)
        r["predict_proba_seconds_warm"] = round(statistics.median(predicts[1:]), 4)
        r["fit_predict_seconds_warm"] = round(statistics.median([a + b for a, b in zip(fits, predicts)][1:]), 4)
    return r


def main():
    parser = argparse.ArgumentParser(description="scikit-learn on data written by fabrica bench classic --export DIR")
    parser.add_argument("dir")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    directory = args.dir
    results = {}
    for name, make in (("nb-gaussian", GaussianNB), ("nb-multinomial", MultinomialNB)):
        if os.path.isdir(os.path.join(directory, name)):
            results[name] = run(name, make, directory, args.repeat)
    print(json.dumps({
        "benchmark": "classic",
        "engine": f"scikit-learn {sklearn.__version__}, numpy {np.__version__}, Python {sys.version.split()[0]}",
        "results": results,
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "cores": os.cpu_count(),
        "date": datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat(),
        "command": "/usr/bin/python3 bench/classic_sklearn.py " + directory
                   + (f" --repeat {args.repeat}" if args.repeat != 1 else ""),
    }, indent=2))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The HMM half of `fabrica bench classic`, done with hmmlearn on the same data and starting parameters.

    ./fabrica bench classic --only hmm-gaussian,hmm-categorical --export DIR -q
    PYTHONPATH=/path/to/hmmlearn/src /usr/bin/python3 bench/classic_hmmlearn.py DIR

hmmlearn has no Debian package; docs/benchmarks.md says how its compiled core (_hmmc) was built
from source outside this repository. DIR holds hmm-gaussian/ and hmm-categorical/, each with
x.npy (all steps stacked), lengths.npy and start.json (the starting parameters fabrica's EM uses).
Models: GaussianHMM(4 states, covariance_type='diag', covars_prior=0, so the M-step gives
maximum-likelihood variances as fabrica's minCovar=0 does) for 50 iterations, and
CategoricalHMM(2 states, 27 symbols) for 100; init_params='' so the exported parameters are
the start, tol=-inf so every iteration runs. Each is fitted with both of hmmlearn's forward-backward
implementations ('log', the default, and 'scaling'); fit() is timed with time.perf_counter().
Prints one JSON object: seconds per iteration, the log-likelihood of the last iteration's E-step
(monitor_.history[-1], as fabrica's log_likelihood_last_iteration) and score() after the fit.
"""
import datetime
import json
import os
import resource
import sys
import time

import numpy as np
import hmmlearn
from hmmlearn import hmm


def load(directory, name):
    d = os.path.join(directory, name)
    with open(os.path.join(d, "start.json")) as f:
        start = json.load(f)
    return np.load(os.path.join(d, "x.npy")), np.load(os.path.join(d, "lengths.npy")), start


def fit(model, x, lengths, start):
    model.startprob_ = np.array(start["startprob"])
    model.transmat_ = np.array(start["transmat"])
    if "means" in start:
        model.means_ = np.array(start["means"])
        model.covars_ = np.array(start["covars"])
    else:
        model.emissionprob_ = np.array(start["emissionprob"])
    t0 = time.perf_counter()
    model.fit(x, lengths)
    seconds = time.perf_counter() - t0
    iters = model.monitor_.iter
    return {
        "iterations": int(iters),
        "fit_seconds": round(seconds, 4),
        "seconds_per_iteration": round(seconds / iters, 6),
        "log_likelihood_last_iteration": float(model.monitor_.history[-1]),
        "log_likelihood_after_fit": float(model.score(x, lengths)),
    }


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: classic_hmmlearn.py DIR (written by fabrica bench classic --export DIR)")
    directory = sys.argv[1]
    results = {}
    for impl in ("log", "scaling"):
        if os.path.isdir(os.path.join(directory, "hmm-gaussian")):
            x, lengths, start = load(directory, "hmm-gaussian")
            model = hmm.GaussianHMM(n_components=4, covariance_type="diag", n_iter=50, tol=-np.inf,
                                    init_params="", params="stmc", covars_prior=0.0, implementation=impl)
            r = {"model": "GaussianHMM(4, diag, covars_prior=0)", "implementation": impl,
                 "sequences": int(len(lengths)), "steps": int(x.shape[0]), "features": int(x.shape[1])}
            r.update(fit(model, x, lengths, start))
            results["hmm-gaussian-" + impl] = r
        if os.path.isdir(os.path.join(directory, "hmm-categorical")):
            x, lengths, start = load(directory, "hmm-categorical")
            k = len(start["emissionprob"][0])
            model = hmm.CategoricalHMM(n_components=2, n_features=k, n_iter=100, tol=-np.inf,
                                       init_params="", params="ste", implementation=impl)
            r = {"model": f"CategoricalHMM(2, {k} symbols)", "implementation": impl,
                 "sequences": int(len(lengths)), "steps": int(x.shape[0])}
            r.update(fit(model, x.reshape(-1, 1), lengths, start))
            results["hmm-categorical-" + impl] = r
    print(json.dumps({
        "benchmark": "classic",
        "engine": f"hmmlearn {hmmlearn.__version__} ({os.path.dirname(hmmlearn.__file__)}), numpy {np.__version__}, "
                  f"Python {sys.version.split()[0]}",
        "results": results,
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "cores": os.cpu_count(),
        "date": datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat(),
        "command": "PYTHONPATH=<hmmlearn>/src /usr/bin/python3 bench/classic_hmmlearn.py " + directory,
    }, indent=2))


if __name__ == "__main__":
    main()

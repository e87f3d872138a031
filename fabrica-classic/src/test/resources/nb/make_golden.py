#!/usr/bin/python3
"""Regenerates the Naive Bayes golden files that NbSklearnParityTest compares against.

Run from anywhere, with Debian's python3-sklearn (scikit-learn 1.2.1):

    /usr/bin/python3 fabrica-classic/src/test/resources/nb/make_golden.py

It writes, beside itself, one JSON file per case:
  gaussian-iris.json        GaussianNB on scikit-learn's iris CSV, var_smoothing 1e-9 and 0.1
  multinomial-counts.json   MultinomialNB(alpha=0.5) on seeded count data
  bernoulli-counts.json     BernoulliNB(alpha=1.0, binarize=1.0) on the same count data
  categorical-codes.json    CategoricalNB(alpha=1.0) on seeded integer-coded categories
  complement-counts.json    ComplementNB(alpha=1.0, norm=False) on the same count data
Each file holds "columns", "X" (training rows), "y" (labels), and "fits": one entry per
hyperparameter setting with "params", "classes", "class_log_prior" and "predict_proba" on X.
The data are seeded (numpy default_rng(20240)), so a rerun gives the same files.
"""
import json
import os

import numpy as np
import sklearn
from sklearn.naive_bayes import BernoulliNB, CategoricalNB, ComplementNB, GaussianNB, MultinomialNB

HERE = os.path.dirname(os.path.abspath(__file__))
IRIS = "/usr/lib/python3/dist-packages/sklearn/datasets/data/iris.csv"


def write(name, columns, X, y, fits):
    doc = {
        "generator": "make_golden.py, scikit-learn " + sklearn.__version__,
        "columns": columns,
        "X": X.tolist(),
        "y": [str(v) for v in y],
        "fits": fits,
    }
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")


def fit(model, params, X, y):
    model.fit(X, y)
    out = {
        "params": params,
        "classes": [str(c) for c in model.classes_],
        "predict_proba": model.predict_proba(X).tolist(),
    }
    if hasattr(model, "class_log_prior_"):
        out["class_log_prior"] = model.class_log_prior_.tolist()
    else:
        out["class_log_prior"] = np.log(model.class_prior_).tolist()
    if hasattr(model, "var_"):
        out["theta"] = model.theta_.tolist()
        out["var"] = model.var_.tolist()
    return out


def iris():
    rows = np.loadtxt(IRIS, delimiter=",", skiprows=1)
    X = rows[:, :4]
    names = ["setosa", "versicolor", "virginica"]
    y = np.array([names[int(c)] for c in rows[:, 4]])
    cols = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
    fits = [fit(GaussianNB(var_smoothing=v), {"var_smoothing": v}, X, y) for v in (1e-9, 0.1)]
    write("gaussian-iris.json", cols, X, y, fits)


def counts(rng):
    n, d = 150, 6
    y = rng.integers(0, 3, size=n)
    profiles = rng.dirichlet(np.ones(d), size=3)
    lengths = rng.integers(2, 12, size=n)
    X = np.array([rng.multinomial(lengths[i], profiles[y[i]]) for i in range(n)])
    labels = np.array(["c" + str(v) for v in y])
    cols = ["f" + str(j) for j in range(d)]
    write("multinomial-counts.json", cols, X, labels,
          [fit(MultinomialNB(alpha=0.5), {"alpha": 0.5}, X, labels)])
    write("bernoulli-counts.json", cols, X, labels,
          [fit(BernoulliNB(alpha=1.0, binarize=1.0), {"alpha": 1.0, "binarize": 1.0}, X, labels)])
    write("complement-counts.json", cols, X, labels,
          [fit(ComplementNB(alpha=1.0, norm=False), {"alpha": 1.0}, X, labels)])


def categorical(rng):
    n = 150
    sizes = [3, 4, 2]
    y = rng.integers(0, 3, size=n)
    probs = [[rng.dirichlet(np.ones(k)) for _ in range(3)] for k in sizes]
    X = np.array([[rng.choice(k, p=probs[j][y[i]]) for j, k in enumerate(sizes)] for i in range(n)])
    X[:3] = [[2, 3, 1], [0, 0, 0], [1, 2, 1]]  # every category appears at least once
    labels = np.array(["k" + str(v) for v in y])
    cols = ["colour", "size", "shape"]
    write("categorical-codes.json", cols, X, labels,
          [fit(CategoricalNB(alpha=1.0), {"alpha": 1.0}, X, labels)])


if __name__ == "__main__":
    rng = np.random.default_rng(20240)
    iris()
    counts(rng)
    categorical(rng)

#!/usr/bin/env python3
"""The coefficients of Gelu's erf: erf(x) ~ x * P(x^2) / Q(x^2) on [0, 4], P of degree 6, Q of 5.

    cd fabrica-neural/src/test/resources/gpt
    python3 fit_erf.py            (Debian's python3-numpy and python3-scipy)

Fitted by linearised least squares on 40,000 points (P(s) - g(s) Q(s) = 0 for g = erf(x)/x,
s = x^2, Q(0) = 1), each pass weighted by 1 / (g * Q) of the pass before (Sanathanan-Koerner,
so the residual is the relative error), and from the sixth pass on Lawson's reweighting toward
the minimax fit: relative error 2.1e-9 in double. It then rounds the coefficients to float and
evaluates GELU exactly as Gelu does, in float32 (x clamped to [-4, 4], where erf is 1 to float
precision; the ratio clamped to [-1, 1]), and prints the worst error against scipy's erf over
[-10, 10] in steps of 0.0007, relative to max(1, |v|): 1.9e-7.
"""
import numpy as np
from scipy.special import erf

LIM = 4.0
x = np.linspace(1e-6, LIM, 40000)
s = x * x
g = erf(x) / x


def fit(dp, dq, iters=60):
    q_prev = np.ones_like(s)
    lawson = np.ones_like(s)
    for it in range(iters):
        w = lawson / (g * q_prev)
        a = np.hstack([np.vander(s, dp + 1, increasing=True),
                       -(g[:, None] * np.vander(s, dq + 1, increasing=True)[:, 1:])])
        c, *_ = np.linalg.lstsq(a * w[:, None], g * w, rcond=None)
        p = c[:dp + 1]
        q = np.concatenate([[1.0], c[dp + 1:]])
        q_prev = np.polyval(q[::-1], s)
        err = np.polyval(p[::-1], s) / q_prev / g - 1
        if it >= 5:
            lawson = lawson * (np.abs(err) / np.abs(err).max()) ** 0.3 + 1e-12
            lawson /= lawson.max()
    return p, q, np.abs(err).max()


p, q, e = fit(6, 5)
print("relative error of the fit (double):", e)
f32 = np.float32
P = [f32(c) for c in p]
Q = [f32(c) for c in q]
print("P0..P6:", ", ".join(repr(float(c)) + "f" for c in P))
print("Q1..Q5:", ", ".join(repr(float(c)) + "f" for c in Q[1:]))


def gelu32(v):
    xx = np.minimum(f32(LIM), np.maximum(f32(-LIM), v * f32(1 / np.sqrt(2.0))))
    ss = xx * xx
    num = P[6]
    for c in P[5::-1]:
        num = num * ss + c
    den = Q[5]
    for c in Q[4::-1]:
        den = den * ss + c
    r = np.minimum(f32(1), np.maximum(f32(-1), num * xx / den))
    return f32(0.5) * v * (f32(1) + r)


v = np.arange(-10, 10, 0.0007).astype(np.float32)
exact = 0.5 * v.astype(np.float64) * (1 + erf(v.astype(np.float64) / np.sqrt(2)))
worst = np.abs(gelu32(v).astype(np.float64) - exact) / np.maximum(1, np.abs(v.astype(np.float64)))
print("worst GELU error in float32, relative to max(1, |v|):", worst.max(), "at", v[worst.argmax()])

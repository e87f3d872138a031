/**
 * Hidden Markov Models with categorical, Gaussian, Gaussian-mixture and Poisson emissions: Baum-Welch
 * fitting, scoring, decoding and sampling. Depends on {@code dev.fabrica.classic} only.
 */
package dev.fabrica.classic.hmm;

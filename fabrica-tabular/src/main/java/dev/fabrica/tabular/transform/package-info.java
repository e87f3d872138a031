/**
 * The reversible encoding the neural synthesizers learn in (Xu et al., "Modeling Tabular Data using
 * Conditional GAN", 2019): mode-specific normalization of numbers through a Bayesian Gaussian
 * mixture per column, one-hot categories. Pure Java.
 */
package dev.fabrica.tabular.transform;

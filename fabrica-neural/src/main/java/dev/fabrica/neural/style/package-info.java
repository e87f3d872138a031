/**
 * A style-based generator after StyleGAN2 at Fashion-MNIST scale: mapping network, modulated and
 * demodulated convolutions with per-layer styles and noise, a residual discriminator with a
 * minibatch standard-deviation layer, R1 regularisation, and truncation and style mixing at sampling.
 */
package dev.fabrica.neural.style;

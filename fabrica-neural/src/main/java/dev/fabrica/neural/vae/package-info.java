/** Variational autoencoders (Kingma and Welling 2014): the reference MLP and a convolutional one. */
package dev.fabrica.neural.vae;

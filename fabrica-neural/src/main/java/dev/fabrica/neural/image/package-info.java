/** Image datasets for the neural models (Fashion-MNIST and its class names) and sample grids. */
package dev.fabrica.neural.image;

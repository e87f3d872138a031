/**
 * Files a neural training run reads and writes: safetensors checkpoints, MNIST-style IDX images as
 * flat arrays, PNG image grids and loss plots. Pure Java (no DJL); depends only on fabrica-core.
 */
package dev.fabrica.neural.io;

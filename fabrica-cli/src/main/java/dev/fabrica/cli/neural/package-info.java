/** Commands of the neural image models: train vae / gan / cgan / classifier, and their sampling and scoring. */
package dev.fabrica.cli.neural;

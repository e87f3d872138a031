/**
 * Run directories of the image models: starting, resuming and loading a trained VAE, GAN or
 * classifier, so the command line and the server share one way in. Depends on every neural package.
 */
package dev.fabrica.neural.run;

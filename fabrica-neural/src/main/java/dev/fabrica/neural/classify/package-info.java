/**
 * The small CNN that classifies Fashion-MNIST; its penultimate features and its predictions give
 * the image metrics (FID-FMNIST, KID, class accuracy, an inception-score-like figure).
 */
package dev.fabrica.neural.classify;

/**
 * The neural table synthesizers: TVAE (a VAE over fabrica-tabular's mode-specific encoding), as
 * functions of named tensors trained by the shared {@link dev.fabrica.neural.train.TrainLoop}.
 */
package dev.fabrica.neural.tabular;

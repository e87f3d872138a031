/**
 * Neural generative models on DJL with the PyTorch engine, CPU only and offline. Subpackages: io
 * (safetensors, IDX images, PNG grids, plots), train (the shared training loop), metrics (FID, KID),
 * and one per model family. Depends on fabrica-core, fabrica-data and DJL.
 */
package dev.fabrica.neural;

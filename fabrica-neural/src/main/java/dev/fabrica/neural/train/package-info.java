/**
 * The training loop shared by every neural model: steps, evaluation cadence, best and last
 * checkpoints (safetensors), resume, metrics.jsonl, loss.png, progress, Ctrl-C. Depends on core,
 * the nn and io packages, and DJL.
 */
package dev.fabrica.neural.train;

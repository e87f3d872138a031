/**
 * The model commands, {@code train}, {@code sample} and {@code eval}, and the run directory they share
 * ({@link dev.fabrica.cli.model.RunDir}: config.json naming the model, model.json with its
 * parameters). Depends on fabrica-classic for the models.
 */
package dev.fabrica.cli.model;

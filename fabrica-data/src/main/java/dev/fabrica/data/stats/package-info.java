/**
 * What a prepared dataset's {@code stats.json} holds, as a Java API for later stages: column types,
 * fitted {@link dev.fabrica.data.stats.Scaler}s (to map generated values back to the original
 * scale), fill values and the label vocabulary. Depends on fabrica-core and Jackson only.
 */
package dev.fabrica.data.stats;

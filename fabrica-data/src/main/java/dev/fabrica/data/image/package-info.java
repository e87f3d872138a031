/**
 * Pixel maths on 8-bit {@link dev.fabrica.data.table.Image}s: flips and bilinear rotation. Depends on
 * the tabular model only.
 */
package dev.fabrica.data.image;

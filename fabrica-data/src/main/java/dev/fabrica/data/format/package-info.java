/**
 * Readers ({@link dev.fabrica.data.format.RowSource}) and writers ({@link
 * dev.fabrica.data.format.RowWriter}) of every file format fabrica knows, found by name or file
 * extension through {@link dev.fabrica.data.format.Formats}.
 */
package dev.fabrica.data.format;

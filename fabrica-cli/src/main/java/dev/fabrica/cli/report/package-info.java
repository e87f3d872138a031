/**
 * Self-contained HTML reports (inline CSS and SVG charts, no scripts or network) that {@code fabrica
 * demo} writes; later stages add their own sections. Depends on nothing outside the JDK.
 */
package dev.fabrica.cli.report;

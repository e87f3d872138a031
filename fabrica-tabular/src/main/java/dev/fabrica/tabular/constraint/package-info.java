/**
 * Rules every synthetic row must satisfy: fixed combinations of columns, an inequality between two
 * columns, a value range; parsed from the metadata JSON.
 */
package dev.fabrica.tabular.constraint;

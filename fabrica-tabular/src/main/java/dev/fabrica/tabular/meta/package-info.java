/**
 * What each column of a table is (numerical, categorical, boolean, datetime, id, free text),
 * detected from its values and overridable from a JSON file; depends on fabrica-core only.
 */
package dev.fabrica.tabular.meta;

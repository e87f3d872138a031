/**
 * The tabular model every step and format shares: {@link dev.fabrica.data.table.Schema}, {@link
 * dev.fabrica.data.table.Row}, typed cell access in {@link dev.fabrica.data.table.Cells}, and the
 * spilling {@link dev.fabrica.data.table.RowStore}. Depends on fabrica-core and jackson-core (fast
 * number text).
 */
package dev.fabrica.data.table;

/**
 * How good and how private a synthetic table is: column shapes (KS and total-variation
 * complements), column-pair trends (correlation and contingency similarity), detection by logistic
 * regression (ROC AUC), machine-learning efficacy, and distance to the closest real record.
 */
package dev.fabrica.tabular.eval;

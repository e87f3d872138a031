/**
 * Foundations every fabrica module shares: errors with exit codes, atomic file and directory writes,
 * progress reporting, the shared JSON mapper and the version. Depends on Jackson and progressbar only.
 */
package dev.fabrica.core;

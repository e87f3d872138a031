/**
 * Small seeded synthetic data generators shared by tests and benchmarks. Depends on nothing but the
 * JDK and {@code fabrica-core}.
 */
package dev.fabrica.testkit;

/**
 * The {@code fabrica} command line: one picocli {@code @Command} class per subcommand, sharing
 * {@link dev.fabrica.cli.CommonOptions}. Depends on every other module.
 */
package dev.fabrica.cli;

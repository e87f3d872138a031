package dev.fabrica.cli.model;

import picocli.CommandLine.Command;

/** {@code fabrica train MODEL}: the parent of one subcommand per model family. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Train a generative model into a run directory (config.json + model.json).",
    subcommands = {TrainNbCommand.class, TrainHmmCommand.class})
public final class TrainCommand {}

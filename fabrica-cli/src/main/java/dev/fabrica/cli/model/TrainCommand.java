package dev.fabrica.cli.model;

import dev.fabrica.cli.neural.TrainImageCommand;
import picocli.CommandLine.Command;

/** {@code fabrica train MODEL}: the parent of one subcommand per model family. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Train a generative model into a run directory (config.json + model.json or model.safetensors).",
    subcommands = {
      TrainNbCommand.class,
      TrainHmmCommand.class,
      TrainImageCommand.Vae.class,
      TrainImageCommand.Gan.class,
      TrainImageCommand.Cgan.class,
      TrainImageCommand.Style.class,
      TrainImageCommand.T2i.class,
      TrainImageCommand.Clf.class,
      dev.fabrica.cli.neural.TrainGptCommand.class,
      dev.fabrica.cli.tabular.TrainTabularCommand.class
    })
public final class TrainCommand {}

package dev.fabrica.neural.run;

import ai.djl.ndarray.NDManager;
import dev.fabrica.neural.t2i.Captions;
import dev.fabrica.neural.t2i.PromptEncoder;

/** An image generator that reads a text prompt: the text-to-image model. */
public interface PromptGenerator extends ImageGenerator {
  /** Images for a prompt and how the prompt was read. */
  record Prompted(float[] images, PromptEncoder.Reading reading) {}

  /** How the model reads {@code prompt}; an empty or over-long prompt is a BadInputException. */
  PromptEncoder.Reading read(String prompt, NDManager scope);

  /** {@code n} images (n·H·W in [0, 1]) of what the prompt asks for, reproducible for a seed. */
  Prompted generate(String prompt, int n, long seed, NDManager scope);

  /** The captions the model was trained with (and its held-out ones). */
  Captions captions();
}

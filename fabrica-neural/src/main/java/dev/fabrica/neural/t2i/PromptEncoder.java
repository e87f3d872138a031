package dev.fabrica.neural.t2i;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.fabrica.core.BadInputException;
import dev.fabrica.neural.nn.Params;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Reads a prompt as a distribution over the known concepts: the mean of learned embeddings of its
 * {@link PromptFeatures} (features never seen in a training caption are skipped), a tanh, and a
 * linear layer to one logit per concept. Trained by cross-entropy on the training captions with
 * feature dropout, so a phrasing that shares only some of its words or character trigrams with the
 * captions still lands on the right concept.
 *
 * <p>Tensors: {@code t.embed.weight} (V, dim), {@code t.out.weight} (K, dim), {@code t.out.bias} (K).
 */
public final class PromptEncoder {
  /** The longest prompt accepted, in characters (code points). */
  public static final int MAX_PROMPT = 500;

  private final List<String> vocab;
  private final Map<String, Integer> index = new HashMap<>();
  private final List<String> concepts;
  private final NDArray embed;
  private final NDArray outW;
  private final NDArray outB;

  /** How a prompt was read. */
  public record Reading(String prompt, int concept, String conceptName, double confidence, float[] probs, int knownFeatures, int features) {
    /** Whether any feature of the prompt occurs in a training caption. */
    public boolean understood() {
      return knownFeatures > 0;
    }

    /** One line for the user: what the images show and how sure the model is. */
    public String describe() {
      String pct = String.format("%.0f%%", 100 * confidence);
      if (!understood()) {
        return "the prompt shares no word with the model's captions; showing the most likely concept, '" + conceptName + "' (" + pct + ")";
      }
      if (confidence < 0.5) {
        return "nearest known concept: '" + conceptName + "' (" + pct + ")";
      }
      return "understood as '" + conceptName + "' (" + pct + ")";
    }
  }

  public PromptEncoder(List<String> vocab, List<String> concepts, int dim, Params params) {
    this.vocab = List.copyOf(vocab);
    this.concepts = List.copyOf(concepts);
    for (int i = 0; i < vocab.size(); i++) {
      index.put(vocab.get(i), i);
    }
    embed = params.normal("t.embed.weight", 0, 1, vocab.size(), dim);
    outW = params.uniform("t.out.weight", 1 / Math.sqrt(dim), concepts.size(), dim);
    outB = params.constant("t.out.bias", 0f, concepts.size());
  }

  /** The sorted features of the training captions: the encoder's vocabulary. */
  public static List<String> vocabulary(Captions captions) {
    TreeSet<String> v = new TreeSet<>();
    for (Captions.Caption c : captions.split(false)) {
      v.addAll(PromptFeatures.of(c.text()));
    }
    return new ArrayList<>(v);
  }

  public List<String> vocab() {
    return vocab;
  }

  public List<String> concepts() {
    return concepts;
  }

  /** The prompt, stripped, or a clear error for an empty or over-long one. */
  public static String checkPrompt(String prompt) {
    String p = prompt == null ? "" : prompt.strip();
    if (p.isEmpty()) {
      throw new BadInputException("the prompt is empty: say what to draw, e.g. \"an ankle boot\" or \"一双运动鞋\"");
    }
    int n = p.codePointCount(0, p.length());
    if (n > MAX_PROMPT) {
      throw new BadInputException("the prompt has " + n + " characters; at most " + MAX_PROMPT + " are accepted");
    }
    return p;
  }

  /** Indexes of the known features, with repeats. */
  int[] known(List<String> features) {
    int[] out = new int[features.size()];
    int k = 0;
    for (String f : features) {
      Integer i = index.get(f);
      if (i != null) {
        out[k++] = i;
      }
    }
    return java.util.Arrays.copyOf(out, k);
  }

  /** Feature lists as rows of mean weights over the vocabulary (B, V); an empty row stays zero. */
  NDArray bags(List<int[]> rows, NDManager scope) {
    float[] m = new float[rows.size() * vocab.size()];
    for (int r = 0; r < rows.size(); r++) {
      int[] f = rows.get(r);
      for (int i : f) {
        m[r * vocab.size() + i] += 1f / f.length;
      }
    }
    return scope.create(m, new Shape(rows.size(), vocab.size()));
  }

  /** Concept logits (B, K) of bags (B, V). */
  public NDArray logits(NDArray bags) {
    NDArray h = bags.matMul(embed).tanh(); // (B, dim)
    return h.matMul(outW.transpose()).add(outB); // (B, K)
  }

  /** The known features of each text, each dropped with probability {@code p} (at least one kept). */
  List<int[]> featureRows(List<String> texts, double p, SplittableRandom random) {
    List<int[]> rows = new ArrayList<>(texts.size());
    for (String t : texts) {
      int[] f = known(PromptFeatures.of(t));
      if (p > 0 && f.length > 1) {
        int[] kept = new int[f.length];
        int k = 0;
        for (int i : f) {
          if (random.nextDouble() >= p) {
            kept[k++] = i;
          }
        }
        f = k == 0 ? new int[] {f[random.nextInt(f.length)]} : java.util.Arrays.copyOf(kept, k);
      }
      rows.add(f);
    }
    return rows;
  }

  /** Reads one prompt (checked with {@link #checkPrompt}). */
  public Reading read(String prompt, NDManager scope) {
    String p = checkPrompt(prompt);
    List<String> features = PromptFeatures.of(p);
    int[] known = known(features);
    try (NDManager s = scope.newSubManager()) {
      float[] probs = logits(bags(List.of(known), s)).softmax(1).toFloatArray();
      int best = 0;
      for (int c = 1; c < probs.length; c++) {
        if (probs[c] > probs[best]) {
          best = c;
        }
      }
      return new Reading(p, best, concepts.get(best), probs[best], probs, known.length, features.size());
    }
  }
}

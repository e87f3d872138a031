package dev.fabrica.cli.report;

import static dev.fabrica.cli.report.HtmlPage.esc;

import dev.fabrica.classic.hmm.CategoricalEmission;
import dev.fabrica.classic.hmm.HmmModel;
import dev.fabrica.classic.hmm.TextSymbols;
import java.util.ArrayList;
import java.util.List;

/** The demo's HMM section: a 2-state model of English letters, its emissions as a picture, and samples. */
public final class HmmLettersSection {
  private HmmLettersSection() {}

  /**
   * Renders the model: emission probabilities per state (space shown as "␣"), the transition
   * matrix, vowel mass per state, and a few sampled lines.
   */
  public static String render(HmmModel model, long letters, int sequences, double seconds, List<String> samples) {
    List<String> alphabet = model.alphabet();
    List<String> shown = new ArrayList<>();
    for (String a : alphabet) {
      shown.add(a.equals(" ") ? "␣" : a);
    }
    double[][] probs = ((CategoricalEmission) model.emission()).probs();
    List<String> series = new ArrayList<>();
    StringBuilder vowels = new StringBuilder();
    double maxV = 0;
    double minV = 1;
    for (int k = 0; k < model.nStates(); k++) {
      series.add("state " + k);
      double v = 0;
      for (String c : List.of("a", "e", "i", "o", "u", " ")) {
        v += probs[k][alphabet.indexOf(c)];
      }
      maxV = Math.max(maxV, v);
      minV = Math.min(minV, v);
      vowels.append(String.format("state %d: %.1f%% of its emissions are vowels or space. ", k, 100 * v));
    }
    boolean found = maxV > 0.7 && minV < 0.3;
    double[][] a = model.transmat();
    StringBuilder b = new StringBuilder();
    b.append(String.format("<p>A 2-state hidden Markov model fitted by Baum-Welch on %,d letters and spaces of "
        + "Debian's English fortunes (%,d entries, %.1f s, best of several seeded starts). Nobody told it what a "
        + "vowel is. %s</p>", letters, sequences, seconds, found
            ? "It separates vowels (and the space) from consonants, as in Cave and Neuwirth's classic experiment."
            : "On this text it did not separate vowels from consonants (too little text, or a poor local optimum)."));
    b.append(HtmlPage.groupedBars(shown, series, probs));
    b.append("<p>").append(esc(vowels.toString())).append("</p>");
    b.append(String.format("<p>Transitions: P(0→0) = %.2f, P(0→1) = %.2f, P(1→0) = %.2f, P(1→1) = %.2f%s</p>",
        a[0][0], a[0][1], a[1][0], a[1][1],
        a[0][1] > 0.5 && a[1][0] > 0.5 ? ": the states tend to alternate, as vowels and consonants do." : "."));
    b.append("<p>Text sampled from the model (it knows letters, not words):</p><pre>");
    for (String s : samples) {
      b.append(esc(s)).append('\n');
    }
    b.append("</pre>");
    return b.toString();
  }

  /** Samples decoded through the model's alphabet. */
  public static List<String> samples(HmmModel model, int n, int length, long seed) {
    TextSymbols symbols = TextSymbols.ofAlphabet(model.alphabet());
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(symbols.decode(model.sample(length, seed + i, null).symbols()));
    }
    return out;
  }
}

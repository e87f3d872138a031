package dev.fabrica.neural.run;

import ai.djl.ndarray.NDManager;
import dev.fabrica.core.Reporter;
import dev.fabrica.neural.classify.Classifier;
import dev.fabrica.neural.t2i.Captions;
import dev.fabrica.neural.t2i.PromptEncoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prompt accuracy of a text-to-image model: the share of its images that the metrics classifier
 * assigns to the concept the prompt names. The {@code n} images of a split are spread evenly over
 * its captions (so over the concepts and phrasings); each caption's images come from their own
 * seed. Reported for the training phrasings and the held-out ones, each also by language (a caption
 * with an ideograph counts as Chinese), beside the prompt encoder's own accuracy on the captions.
 */
public final class PromptAccuracy {
  private PromptAccuracy() {}

  public static Map<String, Object> measure(PromptGenerator g, Classifier clf, int n, long seed, Reporter r, NDManager m) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (boolean heldOut : new boolean[] {false, true}) {
      List<Captions.Caption> caps = g.captions().split(heldOut);
      if (caps.isEmpty()) {
        continue;
      }
      String split = heldOut ? "heldout" : "seen";
      r.info(String.format("prompt accuracy: %,d images over %d %s captions", n, caps.size(), split));
      int[] hits = new int[3]; // all, english, chinese
      int[] counts = new int[3];
      int textHits = 0;
      List<String> misread = new ArrayList<>();
      for (int j = 0; j < caps.size(); j++) {
        Captions.Caption c = caps.get(j);
        int count = n / caps.size() + (j < n % caps.size() ? 1 : 0);
        PromptEncoder.Reading reading = g.read(c.text(), m);
        if (reading.concept() == c.concept()) {
          textHits++;
        } else if (misread.size() < 10) {
          misread.add(c.text() + " -> " + reading.conceptName());
        }
        if (count == 0) {
          continue;
        }
        int lang = c.text().codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN) ? 2 : 1;
        try (NDManager s = m.newSubManager()) {
          float[] images = g.generate(c.text(), count, seed + 7919L * j, s).images();
          int[] pred = clf.apply(images, count, s).predictions();
          for (int p : pred) {
            int hit = p == c.concept() ? 1 : 0;
            hits[0] += hit;
            hits[lang] += hit;
          }
          counts[0] += count;
          counts[lang] += count;
        }
      }
      out.put("prompt_accuracy_" + split, ratio(hits[0], counts[0]));
      out.put("prompt_accuracy_" + split + "_en", ratio(hits[1], counts[1]));
      out.put("prompt_accuracy_" + split + "_zh", ratio(hits[2], counts[2]));
      out.put("text_accuracy_" + split, (double) textHits / caps.size());
      out.put("captions_" + split, caps.size());
      out.put("prompt_samples_" + split, counts[0]);
      if (!misread.isEmpty()) {
        out.put("misread_" + split, misread);
      }
    }
    return out;
  }

  private static Object ratio(int hits, int count) {
    return count == 0 ? null : (Object) ((double) hits / count);
  }
}

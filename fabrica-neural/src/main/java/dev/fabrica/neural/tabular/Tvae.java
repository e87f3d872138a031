package dev.fabrica.neural.tabular;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Activation;
import dev.fabrica.neural.nn.Linear;
import dev.fabrica.neural.nn.Params;
import dev.fabrica.neural.nn.Scalars;
import dev.fabrica.tabular.transform.DataTransformer;
import java.util.List;

/**
 * TVAE (Xu et al., "Modeling Tabular Data using Conditional GAN", 2019, §4.2): an MLP VAE over the
 * transformed rows. Encoder: width → hidden → hidden (ReLU) → (μ, log σ²) of the latent; decoder:
 * latent → hidden → hidden (ReLU) → width raw outputs, plus one learned scale σ_j per numerical
 * column. Reconstruction −log p(x|z): for each tanh scalar (x − tanh(out))² / 2σ_j² + log σ_j, for
 * each softmax segment the cross-entropy of its one-hot; loss = lossFactor × reconstruction + KL,
 * both per row of the batch.
 */
public final class Tvae implements AutoCloseable {
  private final TvaeConfig config;
  private final List<DataTransformer.Segment> segments;
  private final Params params;
  private final Linear enc0;
  private final Linear enc1;
  private final Linear mu;
  private final Linear logvar;
  private final Linear dec0;
  private final Linear dec1;
  private final Linear out;
  private final NDArray sigma;
  private final SegmentIndex index;

  public Tvae(TvaeConfig config, List<DataTransformer.Segment> segments, int width, int continuous, NDManager manager) {
    this.config = config;
    this.segments = List.copyOf(segments);
    this.params = new Params(manager, config.seed());
    enc0 = Linear.create(params, "encoder.0", width, config.hidden());
    enc1 = Linear.create(params, "encoder.1", config.hidden(), config.hidden());
    mu = Linear.create(params, "encoder.mu", config.hidden(), config.latent());
    logvar = Linear.create(params, "encoder.logvar", config.hidden(), config.latent());
    dec0 = Linear.create(params, "decoder.0", config.latent(), config.hidden());
    dec1 = Linear.create(params, "decoder.1", config.hidden(), config.hidden());
    out = Linear.create(params, "decoder.out", config.hidden(), width);
    sigma = params.constant("decoder.sigma", 0.1f, Math.max(1, continuous));
    index = new SegmentIndex(segments);
  }

  public TvaeConfig config() {
    return config;
  }

  public Params params() {
    return params;
  }

  /** Raw decoder outputs, (B, width). */
  public NDArray decode(NDArray z) {
    return out.forward(Activation.relu(dec1.forward(Activation.relu(dec0.forward(z)))));
  }

  /** Keeps each learned scale in [0.01, 1], as the reference does after every step. */
  public void clampSigma() {
    try (NDArray c = sigma.clip(0.01f, 1.0f)) {
      sigma.set(new NDIndex("..."), c);
    }
  }

  /** The learned scales of the numerical columns, (continuous). */
  public NDArray sigma() {
    return sigma;
  }

  /**
   * The loss terms of a batch of transformed rows x (B, width), z drawn by reparameterisation.
   *
   * @return (lossFactor × reconstruction per row, KL per row), scalars
   */
  public NDList loss(NDArray x) {
    long b = x.getShape().get(0);
    NDArray h = Activation.relu(enc1.forward(Activation.relu(enc0.forward(x))));
    NDArray m = mu.forward(h);
    NDArray lv = logvar.forward(h);
    NDArray eps = x.getManager().randomNormal(m.getShape());
    NDArray z = m.add(Scalars.mul(lv, 0.5).exp().mul(eps));
    NDArray rec = decode(z);
    NDManager mm = x.getManager();
    NDArray total = mm.zeros(new ai.djl.ndarray.types.Shape());
    if (index.tanhCount() > 0) {
      // (x − tanh(out))² / (2σ²) summed over the batch, + B Σ log σ; σ (C) broadcasts over rows
      NDArray xc = index.tanhColumns(x, mm);
      NDArray oc = index.tanhColumns(rec, mm);
      total = total.add(xc.sub(oc.tanh()).square().div(Scalars.mul(sigma.square(), 2)).sum()).add(Scalars.mul(sigma.log().sum(), b));
    }
    for (SegmentIndex.Group g : index.groups()) {
      total = total.add(index.group(rec, g, mm).logSoftmax(2).mul(index.group(x, g, mm)).sum().neg());
    }
    NDArray recon = Scalars.mul(total, config.lossFactor() / b);
    NDArray kl = Scalars.mul(Scalars.add(lv, 1).sub(m.square()).sub(lv.exp()).sum(), -0.5 / b);
    return new NDList(recon, kl);
  }

  /**
   * Decodes latent draws into activated vectors: tanh on the scalars, the raw logits elsewhere
   * (the inverse transform takes each softmax segment's argmax).
   *
   * @param z (n·latent) standard normal draws, row-major
   */
  public float[] generate(float[] z, int n, NDManager scope) {
    NDArray rec = decode(scope.create(z, new ai.djl.ndarray.types.Shape(n, config.latent())));
    float[] v = rec.toFloatArray();
    int width = (int) rec.getShape().get(1);
    for (DataTransformer.Segment s : segments) {
      if (s.tanh()) {
        for (int i = 0; i < n; i++) {
          v[i * width + s.start()] = (float) Math.tanh(v[i * width + s.start()]);
        }
      }
    }
    return v;
  }

  @Override
  public void close() {
    params.close();
  }
}

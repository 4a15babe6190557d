package io.mcdrop.runtime.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class UncertaintyTest {

  private static SampleSet of(float[]... samples) {
    SampleSet s = new SampleSet(samples[0].length);
    for (float[] p : samples) {
      s.add(p, 0);
    }
    return s;
  }

  @Test
  void addingRowsInBulkGivesExactlyWhatAddingThemOneByOneGives() {
    java.util.Random r = new java.util.Random(11);
    int k = 4;
    int n = 45;
    float[] rows = new float[n * k];
    double[] entropy = new double[n];
    for (int t = 0; t < n; t++) {
      float rest = 1;
      for (int c = 0; c < k - 1; c++) {
        rows[t * k + c] = rest * r.nextFloat();
        rest -= rows[t * k + c];
      }
      rows[t * k + k - 1] = rest;
      entropy[t] = SampleSet.entropy(rows, t * k, k);
    }
    SampleSet one = new SampleSet(k);
    for (int t = 0; t < n; t++) {
      one.add(rows, t * k, entropy[t]);
    }
    SampleSet bulk = new SampleSet(k, 8); // grows twice
    bulk.addAll(rows, 0, 20, entropy, 0);
    bulk.addAll(rows, 20 * k, n - 20, entropy, 20);
    Prediction a = Uncertainty.summarize(one, null, k, true);
    Prediction b = Uncertainty.summarize(bulk, null, k, true);
    assertEquals(n, bulk.size());
    assertArrayEquals(a.probabilities(), b.probabilities(), 0.0);
    assertArrayEquals(a.std(), b.std(), 0.0);
    assertArrayEquals(a.lower(), b.lower(), 0.0);
    assertArrayEquals(a.upper(), b.upper(), 0.0);
    assertEquals(a.expectedEntropy(), b.expectedEntropy(), 0.0);
    assertEquals(one.maxStandardError(), bulk.maxStandardError(), 0.0);
    for (int t = 0; t < n; t++) {
      assertArrayEquals(a.rawSamples()[t], b.rawSamples()[t], 0f);
    }
  }

  @Test
  void twoConfidentButDisagreeingSamplesArePureEpistemicUncertainty() {
    Prediction p =
        Uncertainty.summarize(
            of(new float[] {1, 0}, new float[] {0, 1}), List.of("a", "b"), 2, false);
    assertArrayEquals(new double[] {0.5, 0.5}, p.probabilities(), 1e-12);
    assertEquals(Math.log(2), p.entropy(), 1e-12);
    assertEquals(0.0, p.expectedEntropy(), 1e-12);
    assertEquals(Math.log(2), p.mutualInformation(), 1e-12);
    assertEquals(0.5, p.variationRatio(), 1e-12);
    assertEquals(Math.sqrt(0.5), p.std()[0], 1e-12); // sample std of {1, 0}
    assertNull(p.rawSamples());
  }

  @Test
  void identicalUncertainSamplesArePureAleatoricUncertainty() {
    float[] half = {0.5f, 0.5f};
    Prediction p = Uncertainty.summarize(of(half, half, half), null, 1, true);
    assertEquals(Math.log(2), p.expectedEntropy(), 1e-7);
    assertEquals(0.0, p.mutualInformation(), 1e-7);
    assertEquals(0.0, p.std()[0], 0.0);
    assertEquals("0", p.label());
    assertEquals(3, p.rawSamples().length);
  }

  @Test
  void quantilesInterpolateLikeNumpy() {
    double[] sorted = {1, 2, 3, 4, 5};
    assertEquals(1.1, Uncertainty.quantile(sorted, 0.025), 1e-12);
    assertEquals(4.9, Uncertainty.quantile(sorted, 0.975), 1e-12);
    assertEquals(3.0, Uncertainty.quantile(sorted, 0.5), 1e-12);
  }

  @Test
  void variationRatioCountsTheModalVote() {
    Prediction p =
        Uncertainty.summarize(
            of(
                new float[] {0.6f, 0.3f, 0.1f},
                new float[] {0.7f, 0.2f, 0.1f},
                new float[] {0.2f, 0.7f, 0.1f},
                new float[] {0.8f, 0.1f, 0.1f}),
            List.of("x", "y", "z"),
            2,
            false);
    assertEquals(0.25, p.variationRatio(), 1e-12);
    assertEquals("x", p.topK().get(0).label());
    assertEquals("y", p.topK().get(1).label());
    assertEquals(2, p.topK().size());
  }

  @Test
  void softmaxIsStableForHugeLogits() {
    float[] logits = {1000f, 1000f, -1000f};
    float[] out = new float[3];
    Uncertainty.softmax(logits, 0, 3, out);
    assertArrayEquals(new float[] {0.5f, 0.5f, 0f}, out, 1e-7f);
  }

  @Test
  void standardErrorShrinksWithMoreSamples() {
    SampleSet s = new SampleSet(2);
    s.add(new float[] {1, 0}, 0);
    assertEquals(Double.POSITIVE_INFINITY, s.maxStandardError());
    s.add(new float[] {0, 1}, 0);
    double two = s.maxStandardError();
    s.add(new float[] {1, 0}, 0);
    s.add(new float[] {0, 1}, 0);
    assertEquals(Math.sqrt(0.5 / 2), two, 1e-12);
    assertEquals(Math.sqrt((1.0 / 3) / 4), s.maxStandardError(), 1e-12);
  }
}

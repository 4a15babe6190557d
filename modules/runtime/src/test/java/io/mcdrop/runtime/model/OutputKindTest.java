package io.mcdrop.runtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class OutputKindTest {

  @Test
  void logitsGiveTheSoftmaxAndItsEntropy() {
    float[] z = {2f, -1f, 0.5f, 30f, -60f};
    float[] p = new float[5];
    double h = OutputKind.LOGITS.toProbabilities(z, 0, 5, p, 2.0);
    double sum = 0;
    double[] e = new double[5];
    for (int i = 0; i < 5; i++) {
      e[i] = Math.exp(z[i] / 2.0 - 15.0);
      sum += e[i];
    }
    double entropy = 0;
    for (int i = 0; i < 5; i++) {
      assertEquals(e[i] / sum, p[i], 1e-7);
      entropy -= e[i] / sum * Math.log(e[i] / sum);
    }
    assertEquals(entropy, h, 1e-12);
  }
}

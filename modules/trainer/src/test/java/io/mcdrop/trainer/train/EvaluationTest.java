package io.mcdrop.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcdrop.trainer.arch.ArchSpec;
import io.mcdrop.trainer.arch.Architecture;
import io.mcdrop.trainer.arch.NetworkFactory;
import io.mcdrop.trainer.data.Dataset;
import io.mcdrop.trainer.data.Preprocess;
import io.mcdrop.trainer.data.Synthetic;
import io.mcdrop.trainer.layers.Network;
import io.mcdrop.trainer.tensor.Shape;
import org.junit.jupiter.api.Test;

class EvaluationTest {
  private static final Shape IN = new Shape(1, 9, 9);
  private static final Dataset DATA = Synthetic.generate(120, 3, IN, 1);

  private static Network net(String spec) {
    return NetworkFactory.build(new Architecture("t", ArchSpec.parse(spec), IN), 2);
  }

  @Test
  void monteCarloWithoutDropoutEqualsDeterministic() {
    Network n = net("conv4-bn-relu-pool, fc3");
    Preprocess pre = Preprocess.fit(DATA);
    Evaluation.Metrics det = Evaluation.deterministic(n, DATA, pre);
    Evaluation.Metrics mc = Evaluation.monteCarlo(n, DATA, pre, 5, 1);
    assertEquals(det.nll(), mc.nll(), 1e-9);
    assertEquals(det.accuracy(), mc.accuracy());
  }

  @Test
  void monteCarloSamplesDropoutReproduciblyAndLeavesInferenceDeterministic() {
    Network n = net("conv4-bn-relu-pool, fc16-relu-drop0.5, fc3");
    Preprocess pre = Preprocess.fit(DATA);
    Evaluation.Metrics det = Evaluation.deterministic(n, DATA, pre);
    Evaluation.Metrics a = Evaluation.monteCarlo(n, DATA, pre, 8, 1);
    Evaluation.Metrics b = Evaluation.monteCarlo(n, DATA, pre, 8, 1);
    assertEquals(a.nll(), b.nll(), "same seed, same samples");
    assertNotEquals(det.nll(), a.nll(), "dropout was active");
    assertEquals(
        det.nll(), Evaluation.deterministic(n, DATA, pre).nll(), "MC mode was switched off");
    assertTrue(a.ece() >= 0 && a.ece() <= 1);
  }
}

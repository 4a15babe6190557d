package io.mcdrop.runtime.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CalibratorTest {
  @Test
  void fitsTemperaturesThresholdsAndAcceptanceOnSyntheticOutputs() {
    int n = 4000;
    TemperatureFitTest.Synthetic det = TemperatureFitTest.draw(n, 1, 2.0, 0, 21);
    // MC outputs of the same images: the deterministic logits plus dropout-like noise
    Random r = new Random(4);
    int t = 8;
    float[] z = new float[n * t * TemperatureFitTest.K];
    for (int i = 0; i < n; i++) {
      for (int s = 0; s < t; s++) {
        for (int c = 0; c < TemperatureFitTest.K; c++) {
          z[(i * t + s) * TemperatureFitTest.K + c] =
              det.logits().values()[i * TemperatureFitTest.K + c] + (float) r.nextGaussian();
        }
      }
    }
    SampleLogits mc = new SampleLogits(z, n, t, TemperatureFitTest.K);
    double[] u = new double[n];
    for (int i = 0; i < n; i++) {
      u[i] = r.nextDouble();
    }
    CalibrationSpec spec =
        Calibrator.fit(
            det.logits(), mc, det.labels(), u, Calibrator.Options.defaults(), "syn", "d");
    assertEquals(2.0, spec.deterministic().temperature(), 0.1);
    assertTrue(spec.mc().temperature() < spec.deterministic().temperature());
    assertEquals(t, spec.mc().samples());
    // the thresholds accept 95 % of the calibration images: count them
    Calibrator.Summary sum = new Calibrator.Summary(TemperatureFitTest.K);
    int acceptedMi = 0;
    int acceptedH = 0;
    int covered = 0;
    for (int i = 0; i < n; i++) {
      sum.of(mc, i, spec.mc().temperature());
      acceptedMi += sum.mutualInformation <= spec.mc().mutualInformationThreshold() ? 1 : 0;
      acceptedH += sum.entropy <= spec.mc().entropyThreshold() ? 1 : 0;
      for (int c : spec.score().set(sum.mean, spec.mc().conformalThreshold(), u[i])) {
        covered += c == det.labels()[i] ? 1 : 0;
      }
    }
    assertEquals(0.95, acceptedMi / (double) n, 0.002);
    assertEquals(0.95, acceptedH / (double) n, 0.002);
    assertTrue(covered / (double) n >= 0.9, "in-sample coverage " + covered / (double) n);
  }

  @Test
  void refusesTooFewImagesAndLabelsThatDoNotMatchBeforeAnyWork() {
    Calibrator.Options o = Calibrator.Options.defaults();
    McdropException e =
        assertThrows(McdropException.class, () -> Calibrator.check(8, new int[8], 10, o));
    assertEquals(ErrorCode.BAD_OPTION, e.code());
    assertTrue(e.getMessage().contains("at least 9"), e.getMessage());
    // 95 % acceptance needs 19 images even when alpha = 0.1 needs only 9
    e = assertThrows(McdropException.class, () -> Calibrator.check(12, new int[12], 10, o));
    assertTrue(e.getMessage().contains("acceptance thresholds need at least 19"), e.getMessage());
    int[] labels = new int[40];
    labels[7] = 10;
    e = assertThrows(McdropException.class, () -> Calibrator.check(40, labels, 10, o));
    assertTrue(e.getMessage().contains("label 10 is not a class of the 10-class model"));
    e =
        assertThrows(
            McdropException.class,
            () -> new Calibrator.Options(1.0, ConformalScore.of(ScoreType.APS), 0.95));
    assertTrue(e.getMessage().contains("alpha"), e.getMessage());
  }
}

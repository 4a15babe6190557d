package io.mcdrop.study.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcdrop.study.run.VariantResult;
import io.mcdrop.trainer.config.EpochStats;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConclusionsTest {
  private static VariantResult.Pass pass(
      double acc, double nll, double ece, double oodMi, double oodEnt, double ms) {
    return new VariantResult.Pass(
        acc,
        nll,
        0.1,
        ece,
        0.2,
        Map.of("entropy", 0.8),
        Map.of("holdout", Map.of("mutual-info", oodMi, "entropy", oodEnt)),
        Map.of(),
        ms);
  }

  private static VariantResult variant(
      String key,
      String placement,
      double trainAcc,
      double valAcc,
      VariantResult.Pass det,
      VariantResult.Pass mc) {
    return new VariantResult(
        key,
        placement,
        placement.equals("none") ? 0 : 0.3,
        "desc " + key,
        "spec",
        100,
        1,
        10,
        List.of(new EpochStats(1, 0.3, trainAcc, 0.35, valAcc, 0.01, 10)),
        0.3,
        trainAcc,
        0.35,
        valAcc,
        det,
        mc,
        30,
        1000);
  }

  @Test
  void sentencesAreBuiltFromTheMeasuredNumbers() {
    VariantResult none =
        variant("none", "none", 0.95, 0.90, pass(0.90, 0.40, 0.05, Double.NaN, 0.70, 0.1), null);
    VariantResult head =
        variant(
            "head-0.3",
            "head",
            0.92,
            0.91,
            pass(0.905, 0.33, 0.04, Double.NaN, 0.72, 0.1),
            pass(0.91, 0.30, 0.02, 0.80, 0.75, 0.2));
    VariantResult conv =
        variant(
            "conv-0.3",
            "conv",
            0.88,
            0.89,
            pass(0.88, 0.35, 0.03, Double.NaN, 0.71, 0.1),
            pass(0.87, 0.36, 0.05, 0.70, 0.74, 3.0));
    List<String> c = Conclusions.of(List.of(none, head, conv), "holdout");
    assertEquals(
        List.of("head-0.3", "conv-0.3", "none"),
        Conclusions.ranked(List.of(none, head, conv)).stream().map(VariantResult::key).toList());
    assertTrue(c.get(0).startsWith("Lowest test NLL: head-0.3"), c.get(0));
    assertTrue(c.get(0).contains("NLL 0.3000, accuracy 91.00%"), c.get(0));
    // gap 5 points without dropout, 1 with head dropout: narrowed; accuracy +1 point
    assertTrue(
        c.get(1).contains("narrowed the train/validation accuracy gap (5.00 -> 1.00 points"),
        c.get(1));
    assertTrue(c.get(1).contains("raised test accuracy by 1.00 points"), c.get(1));
    assertTrue(c.get(2).contains("lowered test accuracy by 3.00 points"), c.get(2));
    String all = String.join("\n", c);
    assertTrue(all.contains("lowered test NLL in 1 of 2 variants"), all);
    assertTrue(
        all.contains("did not help NLL (deterministic was as good or better) for: conv-0.3"), all);
    assertTrue(
        all.contains("the best detector was MC mutual-info of head-0.3 with AUROC 0.800"), all);
    assertTrue(all.contains("beat predictive entropy at flagging holdout in 1 of 2"), all);
    assertTrue(all.contains("from 2.0x (head-0.3"), all);
  }
}

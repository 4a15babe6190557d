package io.mcdrop.runtime.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcdrop.errors.McdropException;
import org.junit.jupiter.api.Test;

class VerdictPolicyTest {
  private final VerdictPolicy p = VerdictPolicy.DEFAULT;

  @Test
  void disagreeingSamplesMakeAnUncertainVerdictWhateverTheConfidence() {
    assertEquals(Verdict.UNCERTAIN, p.judge(true, 0.99, 0.3, 0.1, 0.2));
    assertEquals(Verdict.UNCERTAIN, p.judge(true, 0.99, 0.3, 0.2, 0.1));
  }

  @Test
  void agreeingButSpreadSamplesAreAmbiguousAndSoIsALowTopProbability() {
    assertEquals(Verdict.AMBIGUOUS, p.judge(true, 0.7, 0.65, 0.6, 0.05));
    // the old CLI left this blank: low entropy, low disagreement, but p < 0.9
    assertEquals(Verdict.AMBIGUOUS, p.judge(true, 0.85, 0.45, 0.4, 0.05));
    assertEquals(Verdict.CONFIDENT, p.judge(true, 0.95, 0.2, 0.15, 0.05));
  }

  @Test
  void withoutSamplingOnlyTheEntropyCounts() {
    // mutual information is 0 by definition; a large entropy stands in for it
    assertEquals(Verdict.UNCERTAIN, p.judge(false, 0.5, 1.2, 1.2, 0));
    assertEquals(Verdict.AMBIGUOUS, p.judge(false, 0.8, 0.6, 0.6, 0));
    assertEquals(Verdict.CONFIDENT, p.judge(false, 0.97, 0.15, 0.15, 0));
  }

  @Test
  void everyVerdictHasALowercaseWordAndOneSentence() {
    for (Verdict v : Verdict.values()) {
      assertEquals(v.name().toLowerCase(java.util.Locale.ROOT), v.word());
      assertTrue(v.explanation().endsWith(".") && v.explanation().length() > 20);
    }
  }

  @Test
  void thresholdsAreValidatedOnce() {
    assertThrows(McdropException.class, () -> VerdictPolicy.of(-1, 0.5));
    assertThrows(McdropException.class, () -> VerdictPolicy.of(0.1, Double.NaN));
    assertThrows(McdropException.class, () -> new VerdictPolicy(0.1, 0.5, 1.5, 1));
  }
}

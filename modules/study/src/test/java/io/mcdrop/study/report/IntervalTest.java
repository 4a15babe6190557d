package io.mcdrop.study.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IntervalTest {
  @Test
  void threeValuesGiveTheStudentTIntervalOfTheTextbook() {
    // mean 2, s = 1, t(0.975, 2) = 4.3027: 2 ± 4.3027 / sqrt(3)
    Interval i = Interval.of(1, 2, 3);
    assertEquals(2.0, i.mean(), 1e-12);
    assertEquals(4.3027 / Math.sqrt(3), i.halfWidth(), 1e-9);
    assertEquals(3, i.n());
    assertEquals("2.00 ± 2.48", i.text(1, 2));
  }

  @Test
  void twoValuesUseTwelvePointSeven() {
    // s = sqrt(2), n = 2: half-width = 12.7062 * sqrt(2) / sqrt(2)
    Interval i = Interval.of(10, 12);
    assertEquals(12.7062, i.halfWidth(), 1e-9);
  }

  @Test
  void studentQuantilesMatchTablesBeyondThirtyDegreesOfFreedom() {
    assertEquals(2.0211, StudentT.quantile975(40), 2e-4);
    assertEquals(2.0003, StudentT.quantile975(60), 2e-4);
    assertEquals(1.9799, StudentT.quantile975(120), 2e-4);
  }

  @Test
  void oneValueHasNoIntervalAndCannotBeToldApart() {
    Interval one = Interval.of(0.9);
    assertFalse(one.known());
    assertTrue(one.overlaps(Interval.of(0.1, 0.11, 0.12)));
    assertEquals("90.0", one.text(100, 1));
  }

  @Test
  void overlapIsDecidedByTheBounds() {
    Interval a = Interval.of(1.0, 1.1, 1.2);
    Interval b = Interval.of(1.1, 1.2, 1.3);
    Interval far = Interval.of(5.0, 5.1, 5.2);
    assertTrue(a.overlaps(b));
    assertFalse(a.overlaps(far));
    assertEquals(2, Interval.of(1, Double.NaN, 3).n(), "unmeasured seeds are left out");
  }
}

package io.mcdrop.runtime.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SamplingRequestTest {

  @Test
  void oneSampleIsDeterministicAToleranceMakesTheCountAMaximum() {
    assertInstanceOf(SamplingRequest.Deterministic.class, SamplingRequest.of(1, 0));
    assertInstanceOf(SamplingRequest.Deterministic.class, SamplingRequest.of(1, 0.01));
    assertEquals(new SamplingRequest.Fixed(30), SamplingRequest.of(30, 0));
    assertEquals(new SamplingRequest.Adaptive(200, 0.005), SamplingRequest.of(200, 0.005));
    assertEquals(200, SamplingRequest.of(200, 0.005).maxSamples());
    assertTrue(SamplingRequest.of(1, 0).deterministic());
  }

  @Test
  void outOfRangeCountsAndTolerancesAreOptionErrorsWithoutFlagNames() {
    for (int bad : new int[] {0, -1, SamplingRequest.MAX_SAMPLES + 1}) {
      McdropException e = assertThrows(McdropException.class, () -> SamplingRequest.of(bad, 0));
      assertEquals(ErrorCode.BAD_OPTION, e.code());
      assertTrue(e.getMessage().startsWith("samples must be between 1 and 10000"));
    }
    for (double bad : new double[] {-0.1, 1, Double.NaN}) {
      assertThrows(McdropException.class, () -> SamplingRequest.of(5, bad));
    }
  }

  @Test
  void aTiledBatchPlansMicroBatchesWithABurnInRowCopyingTheRowBefore() {
    List<TiledBatch> plan = TiledBatch.plan(2, 3, 4, true);
    assertEquals(2, plan.size());
    TiledBatch first = plan.get(0);
    assertEquals(5, first.runRows());
    // burn-in copies row 0 (item 0), then rows 0..3 = item 0,0,0,1
    int[] items = new int[first.runRows()];
    for (int r = 0; r < items.length; r++) {
      items[r] = first.itemOf(r);
    }
    assertArrayEquals(new int[] {0, 0, 0, 0, 1}, items);
    TiledBatch second = plan.get(1);
    assertEquals(3, second.runRows());
    // burn-in copies row 3 (item 1), then rows 4, 5 = item 1, 1
    assertArrayEquals(
        new int[] {1, 1, 1}, new int[] {second.itemOf(0), second.itemOf(1), second.itemOf(2)});
    float[] out = {9, 9, 1, 1, 2, 2, 3, 3, 4, 4};
    float[] dst = new float[12];
    first.kept(out, 2, dst);
    assertArrayEquals(new float[] {1, 1, 2, 2, 3, 3, 4, 4, 0, 0, 0, 0}, dst);
    assertArrayEquals(new long[] {5, 1, 8, 8}, first.shape(new long[] {1, 8, 8}));
  }
}

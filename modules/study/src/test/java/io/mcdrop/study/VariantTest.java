package io.mcdrop.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mcdrop.errors.McdropException;
import io.mcdrop.trainer.arch.ArchSpec;
import io.mcdrop.trainer.arch.DropoutPlacement;
import java.util.List;
import org.junit.jupiter.api.Test;

class VariantTest {
  private static final ArchSpec BASE =
      ArchSpec.parse("conv8-bn-relu-pool, conv16-bn-relu-pool-sdrop0.2, fc32-relu-drop0.5, fc10");

  @Test
  void spatialPutsChannelDropoutInConvBlocksAndKeepsTheHeadDropout() {
    assertEquals(
        "conv8-bn-relu-pool-sdrop0.3, conv16-bn-relu-pool-sdrop0.3, fc32-relu-drop0.3, fc10",
        new Variant(DropoutPlacement.SPATIAL, 0.3).apply(BASE).text());
    assertEquals(
        "conv8-bn-relu-pool-drop0.3, conv16-bn-relu-pool-drop0.3, fc32-relu-drop0.3, fc10",
        new Variant(DropoutPlacement.ALL, 0.3).apply(BASE).text());
    assertEquals(
        "conv8-bn-relu-pool, conv16-bn-relu-pool, fc32-relu, fc10",
        new Variant(DropoutPlacement.NONE, 0).apply(BASE).text());
  }

  @Test
  void spatialWithoutAHiddenLayerPutsHeadDropoutBeforeTheOutputLayer() {
    ArchSpec flat = ArchSpec.parse("conv8-relu-pool, flatten-fc10");
    assertEquals(
        "conv8-relu-pool-sdrop0.1, flatten-drop0.1-fc10",
        new Variant(DropoutPlacement.SPATIAL, 0.1).apply(flat).text());
  }

  @Test
  void theGridHasNoneOnceAndEveryOtherPlacementAtEveryRate() {
    List<Variant> g =
        Variant.grid(
            List.of(DropoutPlacement.NONE, DropoutPlacement.HEAD, DropoutPlacement.CONV),
            List.of(0.1, 0.5));
    assertEquals(
        List.of("none", "head-0.1", "head-0.5", "conv-0.1", "conv-0.5"),
        g.stream().map(Variant::key).toList());
  }

  @Test
  void anUnknownPlacementIsAClearError() {
    McdropException e = assertThrows(McdropException.class, () -> DropoutPlacement.parse("haed"));
    assertEquals(
        "unknown dropout placement 'haed'; expected none, head, conv, all or spatial",
        e.getMessage());
  }
}

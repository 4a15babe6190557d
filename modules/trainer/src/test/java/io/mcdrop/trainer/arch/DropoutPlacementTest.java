package io.mcdrop.trainer.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mcdrop.trainer.layers.Network;
import io.mcdrop.trainer.layers.Stochastic;
import java.util.List;
import org.junit.jupiter.api.Test;

class DropoutPlacementTest {
  private static final ArchSpec BASE =
      ArchSpec.parse("conv32-bn-relu-pool, conv64-bn-relu-pool-sdrop0.1, fc128-relu-drop0.5, fc10");

  @Test
  void noneRemovesEveryDropout() {
    assertEquals(
        "conv32-bn-relu-pool, conv64-bn-relu-pool, fc128-relu, fc10",
        BASE.withDropout(DropoutPlacement.NONE, 0.3).text());
  }

  @Test
  void headPutsDropoutAfterHiddenFullyConnectedBlocks() {
    assertEquals(
        "conv32-bn-relu-pool, conv64-bn-relu-pool, fc128-relu-drop0.3, fc10",
        BASE.withDropout(DropoutPlacement.HEAD, 0.3).text());
  }

  @Test
  void convAllAndSpatialPlaceDropoutAtTheEndOfConvBlocks() {
    assertEquals(
        "conv32-bn-relu-pool-drop0.2, conv64-bn-relu-pool-drop0.2, fc128-relu, fc10",
        BASE.withDropout(DropoutPlacement.CONV, 0.2).text());
    assertEquals(
        "conv32-bn-relu-pool-drop0.1, conv64-bn-relu-pool-drop0.1, fc128-relu-drop0.5, fc10",
        BASE.withDropout(DropoutPlacement.ALL, 0.1, 0.5).text());
    assertEquals(
        "conv32-bn-relu-pool-sdrop0.1, conv64-bn-relu-pool-sdrop0.1, fc128-relu, fc10",
        BASE.withDropout(DropoutPlacement.SPATIAL, 0.1).text());
  }

  @Test
  void aHeadWithoutHiddenLayersGetsDropoutBeforeTheClassifier() {
    ArchSpec wrn = Preset.WRN.spec();
    assertEquals(
        "conv16-bn-relu, res32, res64s2, res128s2, bn-relu-gap, drop0.4-fc10",
        wrn.withDropout(DropoutPlacement.HEAD, 0.4).text());
  }

  @Test
  void residualBlocksCarryTheConvRateInside() {
    ArchSpec spatial = Preset.WRN.spec().withDropout(DropoutPlacement.SPATIAL, 0.1);
    assertEquals(
        "conv16-bn-relu-sdrop0.1, res32sd0.1, res64s2sd0.1, res128s2sd0.1, bn-relu-gap, fc10",
        spatial.text());
    Network net =
        NetworkFactory.build(
            Architecture.of(Preset.WRN).withDropout(DropoutPlacement.SPATIAL, 0.1), 1);
    List<Stochastic> drops = net.stochasticLayers();
    assertEquals(4, drops.size());
    drops.forEach(d -> assertEquals("spatial", d.kind()));
  }

  @Test
  void placementsParseByName() {
    assertEquals(DropoutPlacement.SPATIAL, DropoutPlacement.parse("Spatial"));
  }
}

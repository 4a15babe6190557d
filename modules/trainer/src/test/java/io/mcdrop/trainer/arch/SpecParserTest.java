package io.mcdrop.trainer.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.trainer.layers.Network;
import io.mcdrop.trainer.tensor.Shape;
import org.junit.jupiter.api.Test;

class SpecParserTest {
  private static final String EXAMPLE =
      "conv32-bn-relu-pool, conv64-bn-relu-pool-sdrop0.1, fc128-relu-drop0.5, fc10";

  @Test
  void theIssueExampleParsesAndPrintsBackCanonically() {
    ArchSpec spec = ArchSpec.parse(EXAMPLE);
    assertEquals(4, spec.blocks().size());
    assertEquals(EXAMPLE, spec.text());
    assertEquals(10, spec.classes());
    assertEquals(spec, ArchSpec.parse(spec.text()).withClasses(10));
  }

  @Test
  void optionsOfConvPoolAndResidualTokensParse() {
    ArchSpec spec = ArchSpec.parse("conv8k5s2, pool3, avgpool, res16s2sd0.25, res16d0.1, gap, fc3");
    Token conv = spec.blocks().get(0).get(0);
    assertEquals(8, conv.size());
    assertEquals(5, conv.kernel());
    assertEquals(2, conv.stride());
    Token res = spec.blocks().get(3).get(0);
    assertTrue(res.spatial());
    assertEquals(0.25, res.rate());
    assertEquals("conv8k5s2, pool3, avgpool, res16s2sd0.25, res16d0.1, gap, fc3", spec.text());
  }

  @Test
  void aTypoIsReportedWithItsPositionAndACaret() {
    McdropException e =
        assertThrows(
            McdropException.class, () -> ArchSpec.parse("conv32-bn-relu, cnv64-relu, fc10"));
    assertEquals(ErrorCode.BAD_OPTION, e.code());
    assertTrue(e.getMessage().contains("'cnv64' at position 16"), e.getMessage());
    String[] lines = e.getMessage().split("\n");
    assertEquals(lines[1].indexOf("cnv64"), lines[2].indexOf('^'), e.getMessage());
  }

  @Test
  void badRatesEmptyTokensAndAMissingOutputLayerAreErrors() {
    assertTrue(
        assertThrows(McdropException.class, () -> ArchSpec.parse("conv8-drop1.5, fc2"))
            .getMessage()
            .contains("'drop1.5' at position 6"));
    assertTrue(
        assertThrows(McdropException.class, () -> ArchSpec.parse("conv8--relu, fc2"))
            .getMessage()
            .contains("empty token"));
    assertTrue(
        assertThrows(McdropException.class, () -> ArchSpec.parse("conv8-relu"))
            .getMessage()
            .contains("fc<classes>"));
    assertThrows(McdropException.class, () -> ArchSpec.parse(" "));
  }

  @Test
  void aConvolutionAfterTheFlattenIsAnErrorNamingTheToken() {
    McdropException e =
        assertThrows(
            McdropException.class,
            () ->
                NetworkFactory.build(
                    new Architecture("t", ArchSpec.parse("fc8, conv4, fc2"), new Shape(1, 8, 8)),
                    1));
    assertTrue(e.getMessage().contains("'conv4'"), e.getMessage());
  }

  @Test
  void aPoolThatDoesNotFitTheInputIsAnError() {
    McdropException e =
        assertThrows(
            McdropException.class,
            () ->
                NetworkFactory.build(
                    new Architecture(
                        "t", ArchSpec.parse("pool, pool, pool, fc2"), new Shape(1, 4, 4)),
                    1));
    assertTrue(e.getMessage().contains("'pool'"), e.getMessage());
  }

  @Test
  void presetsBuildWithTheShapesTheyPromise() {
    Network fashion = NetworkFactory.build(Architecture.of(Preset.FASHION), 1);
    assertEquals(new Shape(1, 28, 28), fashion.inputShape());
    assertEquals(10, fashion.classes());
    Network deep = NetworkFactory.build(Architecture.of(Preset.DEEPCONV), 1);
    assertEquals(new Shape(3, 64, 64), deep.inputShape());
    long convs =
        deep.layers().stream().filter(l -> l instanceof io.mcdrop.trainer.layers.Conv2d).count();
    assertEquals(12, convs, "4 stages x 3 convs");
    assertEquals(1, deep.stochasticLayers().size());
    assertEquals(0.5, deep.stochasticLayers().get(0).rate());
    Network wrn = NetworkFactory.build(Architecture.of(Preset.WRN), 1);
    assertEquals(3, wrn.stochasticLayers().size(), "one dropout between the convs of each block");
  }

  @Test
  void architectureResolvesPresetNamesAndSpecs() {
    assertEquals("fashion", Architecture.resolve("FASHION", new Shape(1, 8, 8)).name());
    Architecture custom = Architecture.resolve("conv4-fc2", new Shape(3, 8, 8));
    assertEquals("custom", custom.name());
    assertEquals(new Shape(3, 8, 8), custom.input());
  }
}

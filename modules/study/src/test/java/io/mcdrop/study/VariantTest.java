package io.mcdrop.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcdrop.errors.McdropException;
import io.mcdrop.trainer.arch.Architecture;
import io.mcdrop.trainer.tensor.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class VariantTest {
  private static final Architecture BASE =
      Architecture.resolve(
          "conv8-bn-relu-pool, conv16-bn-relu-pool-sdrop0.2, fc32-relu-drop0.5, fc10",
          new Shape(1, 8, 8));

  private static String spec(String key) {
    return Variant.parse(key).apply(BASE).text();
  }

  @Test
  void placementsPutDropoutWhereTheirNamesSay() {
    assertEquals("conv8-bn-relu-pool, conv16-bn-relu-pool, fc32-relu, fc10", spec("none"));
    assertEquals(
        "conv8-bn-relu-pool, conv16-bn-relu-pool, fc32-relu-drop0.3, fc10", spec("head-0.3"));
    assertEquals(
        "conv8-bn-relu-pool-drop0.1, conv16-bn-relu-pool-drop0.1, fc32-relu, fc10",
        spec("conv-0.1"));
    assertEquals(
        "conv8-drop0.1-bn-relu-pool, conv16-drop0.1-bn-relu-pool, fc32-relu, fc10",
        spec("prebn-0.1"));
    assertEquals(
        "conv8-bn-relu-pool-sdrop0.2, conv16-bn-relu-pool-sdrop0.2, fc32-relu, fc10",
        spec("spatial-0.2"));
    assertEquals(
        "conv8-bn-relu-pool-drop0.05, conv16-bn-relu-pool-drop0.05, fc32-relu-drop0.05, fc10",
        spec("all-0.05"));
  }

  @Test
  void matchedDropsAsManyUnitsAsTheHeadRateItNames() {
    // dropout sites of "all": 8x4x4 = 128 and 16x2x2 = 64 after the pools, 32 in the head
    Variant head = Variant.parse("head-0.5");
    Variant matched = Variant.parse("matched-head-0.5");
    assertEquals(16.0, head.droppedUnits(BASE), 1e-9);
    assertEquals(0.0714, matched.matchedRate(BASE), 0.0, "16 / 224, to 4 decimals");
    assertEquals(0.0714 * 224, matched.droppedUnits(BASE), 1e-9);
    assertEquals(
        "conv8-bn-relu-pool-drop0.0714, conv16-bn-relu-pool-drop0.0714, fc32-relu-drop0.0714,"
            + " fc10",
        matched.apply(BASE).text());
    assertEquals("matched-head-0.5", matched.key());
  }

  @Test
  void keysParseBackAndStandardIsTheIssueGrid() {
    for (String k : Variant.STANDARD.split(",")) {
      assertEquals(k, Variant.parse(k).key());
    }
    List<Variant> std = Variant.parseList(List.of("standard", "head-0.5"));
    assertEquals(15, std.size(), "duplicates dropped");
    assertEquals(
        List.of("none", "head-0.1", "head-0.5", "conv-0.1", "conv-0.5"),
        Variant.grid(List.of(Placement.NONE, Placement.HEAD, Placement.CONV), List.of(0.1, 0.5))
            .stream()
            .map(Variant::key)
            .toList());
  }

  @Test
  void badKeysAreClearErrors() {
    McdropException e = assertThrows(McdropException.class, () -> Variant.parse("haed-0.3"));
    assertTrue(e.getMessage().startsWith("unknown dropout placement 'haed'"), e.getMessage());
    e = assertThrows(McdropException.class, () -> Variant.parse("head-1.5"));
    assertTrue(e.getMessage().contains("(0, 1)"), e.getMessage());
    e = assertThrows(McdropException.class, () -> Variant.parse("head"));
    assertTrue(e.getMessage().contains("PLACEMENT-RATE"), e.getMessage());
  }
}

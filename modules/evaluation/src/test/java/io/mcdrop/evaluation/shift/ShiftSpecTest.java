package io.mcdrop.evaluation.shift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShiftSpecTest {
  @Test
  void parsesARotationSweepIncludingTheEndAngle() {
    ShiftSpec s = ShiftSpec.parse("rotate:0:180:15");
    assertEquals(13, s.angles().size());
    assertEquals(0.0, s.angles().get(0));
    assertEquals(180.0, s.angles().get(12));
    assertEquals("rotate:0:180:15", s.text());
    assertEquals(List.of(10.0, 12.5), ShiftSpec.parse("ROTATE:10:14:2.5").angles());
  }

  @Test
  void badSyntaxFailsWithTheExpectedForm() {
    for (String bad :
        List.of(
            "rotate:0:180", "blur:0:1:1", "rotate:a:180:15", "rotate:0:180:0", "rotate:90:0:15")) {
      McdropException e = assertThrows(McdropException.class, () -> ShiftSpec.parse(bad));
      assertEquals(ErrorCode.BAD_OPTION, e.code());
      assertTrue(e.getMessage().contains("rotate:"), e.getMessage());
      assertFalse(
          e.getMessage().contains("--"), "the library names no CLI flag: " + e.getMessage());
    }
    assertThrows(McdropException.class, () -> ShiftSpec.parse("rotate:0:360:0.1"));
  }
}

package io.mcdrop.evaluation.ood;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mcdrop.errors.McdropException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OodSpecTest {
  @Test
  void parsesEveryForm() {
    assertEquals(new OodSpec.Noise(OodSpec.SAME_AS_TEST), OodSpec.parse("noise"));
    assertEquals(new OodSpec.Noise(50), OodSpec.parse("noise:50"));
    assertEquals(new OodSpec.Blank(7), OodSpec.parse("Blank:7"));
    assertInstanceOf(OodSpec.Inverted.class, OodSpec.parse("inverted"));
    assertArrayEquals(
        new int[] {8, 9}, ((OodSpec.Holdout) OodSpec.parse("holdout:8, 9")).classes());
    assertEquals(new OodSpec.Folder(Path.of("some/dir")), OodSpec.parse("some/dir"));
    assertEquals("folder-dir", OodSpec.parse("some/dir").name());
  }

  @Test
  void badValuesFailClearly() {
    assertThrows(McdropException.class, () -> OodSpec.parse("noise:0"));
    assertThrows(McdropException.class, () -> OodSpec.parse("noise:x"));
    assertThrows(McdropException.class, () -> OodSpec.parse("holdout:"));
    assertThrows(McdropException.class, () -> OodSpec.parse("holdout:8,8"));
    assertThrows(McdropException.class, () -> OodSpec.parse("holdout:a"));
    assertThrows(McdropException.class, () -> OodSpec.parse(" "));
  }
}

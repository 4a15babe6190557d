package io.mcdrop.evaluation.ood;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.evaluation.data.ImageSet;
import io.mcdrop.evaluation.data.LabeledSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OodSetsTest {
  private static LabeledSet data() {
    int n = 8;
    float[] px = new float[n * 4];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 4;
      java.util.Arrays.fill(px, i * 4, i * 4 + 4, i / 10f);
    }
    return new LabeledSet("toy", new ImageSet(1, 2, 2, px), y, List.of("a", "b", "c", "d"));
  }

  @Test
  void heldOutClassesLeaveTheTestSetAndBecomeAnOodSet() {
    OodSets.Resolved r = OodSets.resolve(List.of(OodSpec.parse("holdout:1,3")), data(), 100, 1);
    assertEquals(List.of("a", "c"), r.inDistribution().classes());
    assertArrayEquals(new int[] {0, 1, 0, 1}, r.inDistribution().labels());
    assertEquals(1, r.sets().size());
    assertEquals("holdout", r.sets().get(0).name());
    assertEquals(4, r.sets().get(0).images().count());
    // image 1 (class b) is the first held-out one
    assertEquals(0.1f, r.sets().get(0).images().pixels()[0], 1e-6);
  }

  @Test
  void syntheticSetsAreSeededAndSizedLikeTheTestSet() {
    List<OodSpec> specs =
        List.of(OodSpec.parse("noise"), OodSpec.parse("blank:3"), OodSpec.parse("inverted"));
    OodSets.Resolved a = OodSets.resolve(specs, data(), 100, 5);
    OodSets.Resolved b = OodSets.resolve(specs, data(), 100, 5);
    assertEquals(8, a.sets().get(0).images().count());
    assertEquals(3, a.sets().get(1).images().count());
    assertArrayEquals(a.sets().get(0).images().pixels(), b.sets().get(0).images().pixels());
    float[] blank = a.sets().get(1).images().pixels();
    assertEquals(blank[0], blank[3]); // one grey level per image
    assertEquals(1f - 0.1f, a.sets().get(2).images().pixels()[4], 1e-6);
  }

  @Test
  void anEmptyOodFolderIsAClearErrorAndAMissingOneToo(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("notes.txt"), "not an image");
    McdropException e =
        assertThrows(
            McdropException.class,
            () -> OodSets.resolve(List.of(OodSpec.parse(dir.toString())), data(), 100, 1));
    assertEquals(ErrorCode.BAD_OPTION, e.code());
    assertTrue(e.getMessage().contains("holds no images"), e.getMessage());
    McdropException missing =
        assertThrows(
            McdropException.class,
            () ->
                OodSets.resolve(
                    List.of(OodSpec.parse(dir.resolve("nope").toString())), data(), 100, 1));
    assertEquals(ErrorCode.NOT_FOUND, missing.code());
  }

  @Test
  void heldOutClassesMustExistAndLeaveTwoClasses() {
    assertThrows(
        McdropException.class,
        () -> OodSets.resolve(List.of(OodSpec.parse("holdout:4")), data(), 100, 1));
    assertThrows(
        McdropException.class,
        () -> OodSets.resolve(List.of(OodSpec.parse("holdout:0,1,2")), data(), 100, 1));
    assertThrows(
        McdropException.class,
        () ->
            OodSets.resolve(
                List.of(OodSpec.parse("noise"), OodSpec.parse("noise:3")), data(), 100, 1));
  }
}

package io.mcdrop.evaluation.shift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mcdrop.evaluation.data.ImageSet;
import org.junit.jupiter.api.Test;

class RotationTest {
  private static ImageSet ramp() {
    // two 5x5 images, odd size so the centre is a pixel and right angles map pixels to pixels
    float[] px = new float[2 * 25];
    for (int i = 0; i < px.length; i++) {
      px[i] = (i % 25) / 25f + (i / 25) * 0.01f;
    }
    return new ImageSet(1, 5, 5, px);
  }

  @Test
  void halfATurnFlipsBothAxesExactly() {
    ImageSet img = ramp();
    ImageSet r = Rotation.rotate(img, 180);
    for (int n = 0; n < 2; n++) {
      for (int y = 0; y < 5; y++) {
        for (int x = 0; x < 5; x++) {
          assertEquals(
              img.pixels()[n * 25 + (4 - y) * 5 + (4 - x)], r.pixels()[n * 25 + y * 5 + x], 1e-6);
        }
      }
    }
  }

  @Test
  void fourQuarterTurnsGiveTheImageBack() {
    ImageSet img = ramp();
    ImageSet r = img;
    for (int i = 0; i < 4; i++) {
      r = Rotation.rotate(r, 90);
    }
    assertArrayEquals(img.pixels(), r.pixels(), 1e-5f);
    assertEquals(img, Rotation.rotate(img, 0));
  }

  @Test
  void cornersRotatedOutOfTheImageBecomeBackground() {
    // 9x9: a corner sits 4*sqrt(2) = 5.7 pixels from the centre, so at 45 degrees it samples
    // more than a pixel beyond the edge
    float[] px = new float[81];
    java.util.Arrays.fill(px, 1f);
    ImageSet r = Rotation.rotate(new ImageSet(1, 9, 9, px), 45);
    assertEquals(0f, r.pixels()[0], 1e-6);
    assertEquals(1f, r.pixels()[40], 1e-6); // the centre stays
  }
}

package io.mcdrop.evaluation.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.mcdrop.evaluation.data.FolderImages;
import io.mcdrop.evaluation.data.ImageSet;
import io.mcdrop.runtime.preprocess.ImageLoader;
import io.mcdrop.runtime.preprocess.Preprocessing;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelInputTest {
  @Test
  void normalisingUnitImagesGivesWhatTheRuntimeImageLoaderGives(@TempDir Path dir)
      throws Exception {
    BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        img.getRaster().setSample(x, y, 0, 16 * (y * 4 + x));
      }
    }
    Path png = dir.resolve("a.png");
    ImageIO.write(img, "png", png.toFile());
    Preprocessing pre =
        new Preprocessing(
            1,
            4,
            4,
            "stretch",
            Preprocessing.UNIT_SCALE,
            new double[] {0.3},
            new double[] {0.2},
            true);
    float[] viaLoader = ImageLoader.load(png, pre);
    ImageSet unit = FolderImages.load(dir, 1, 4, 4, 10);
    assertArrayEquals(viaLoader, ModelInput.of(unit, 0, pre), 1e-5f);
  }
}

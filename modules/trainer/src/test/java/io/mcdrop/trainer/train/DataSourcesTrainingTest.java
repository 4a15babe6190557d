package io.mcdrop.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcdrop.errors.McdropException;
import io.mcdrop.trainer.arch.ArchSpec;
import io.mcdrop.trainer.arch.Architecture;
import io.mcdrop.trainer.arch.Preset;
import io.mcdrop.trainer.config.TrainConfig;
import io.mcdrop.trainer.tensor.Shape;
import java.awt.image.BufferedImage;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training straight from an ImageFolder tree and from IDX files, and shape mismatches. */
class DataSourcesTrainingTest {
  @TempDir Path tmp;

  @Test
  void trainsOnAnImageFolderWithClassNamesFromTheFolders() throws Exception {
    for (int i = 0; i < 12; i++) {
      png(tmp.resolve("bright/" + i + ".png"), 16 + i, 0xe0e0e0);
      png(tmp.resolve("dark/" + i + ".jpg"), 10 + i, 0x202020);
    }
    TrainJob.Result r =
        TrainJob.builder()
            .data(tmp.toString())
            .architecture(
                new Architecture(
                    "t", ArchSpec.parse("conv4-bn-relu-pool, fc10"), new Shape(3, 8, 8)))
            .config(TrainConfig.builder().epochs(2).batchSize(8).valSplit(0).threads(1).build())
            .events(TrainingListener.NONE)
            .build()
            .run();
    assertEquals(List.of("bright", "dark"), r.labels());
    assertEquals(2, r.network().classes(), "the output layer follows the number of folders");
  }

  @Test
  void idxDataOfAnotherShapeThanThePresetIsAClearError() throws Exception {
    idx(tmp.resolve("train-images-idx3-ubyte"), 0x803, new int[] {4, 28, 28}, 4 * 28 * 28);
    idx(tmp.resolve("train-labels-idx1-ubyte"), 0x801, new int[] {4}, 4);
    idx(tmp.resolve("t10k-images-idx3-ubyte"), 0x803, new int[] {4, 28, 28}, 4 * 28 * 28);
    idx(tmp.resolve("t10k-labels-idx1-ubyte"), 0x801, new int[] {4}, 4);
    McdropException e =
        assertThrows(
            McdropException.class,
            () ->
                TrainJob.builder()
                    .data("fashion-mnist:" + tmp)
                    .architecture(Architecture.of(Preset.DEEPCONV))
                    .config(TrainConfig.builder().epochs(1).build())
                    .events(TrainingListener.NONE)
                    .build()
                    .run());
    assertTrue(
        e.getMessage().contains("1x28x28") && e.getMessage().contains("3x64x64"), e.getMessage());
  }

  private static void png(Path file, int side, int rgb) throws Exception {
    Files.createDirectories(file.getParent());
    BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        img.setRGB(x, y, rgb);
      }
    }
    String fmt = file.toString().endsWith(".jpg") ? "jpg" : "png";
    ImageIO.write(img, fmt, file.toFile());
  }

  private static void idx(Path file, int magic, int[] dims, int bytes) throws Exception {
    try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
      out.writeInt(magic);
      for (int d : dims) {
        out.writeInt(d);
      }
      out.write(new byte[bytes]);
    }
  }
}

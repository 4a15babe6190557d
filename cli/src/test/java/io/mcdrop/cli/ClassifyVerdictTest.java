package io.mcdrop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcdrop.onnx.OnnxModels;
import io.mcdrop.onnx.fixtures.FixtureModels;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime's verdict in the table and in --json; n/a spread at T = 1; a size bomb is refused.
 */
class ClassifyVerdictTest {
  @TempDir static Path dir;
  static Path model;
  static Path images;

  @BeforeAll
  static void fixtures() throws Exception {
    model = dir.resolve("small.onnx");
    OnnxModels.write(FixtureModels.smallCnn(21, 0.5f, 0.2f), model);
    images = Files.createDirectories(dir.resolve("images"));
    BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
    for (int p = 0; p < 64; p++) {
      img.getRaster().setSample(p % 8, p / 8, 0, (p * 37) % 256);
    }
    ImageIO.write(img, "png", images.resolve("a.png").toFile());
  }

  @Test
  void jsonCarriesTheRuntimesVerdictWord() throws Exception {
    CliHarness.Run r =
        CliHarness.run("classify", images.toString(), "-m", model.toString(), "-T", "10", "--json");
    assertEquals(0, r.exit(), r.err());
    JsonNode n = new ObjectMapper().readTree(r.out()).get(0);
    assertTrue(Set.of("confident", "ambiguous", "uncertain").contains(n.get("verdict").asText()));
    assertTrue(n.get("sampled").asBoolean());
    assertTrue(r.out().contains("\"verdict\""));
  }

  @Test
  void withOneSampleTheSpreadIsNotApplicable() throws Exception {
    CliHarness.Run table =
        CliHarness.run("classify", images.toString(), "-m", model.toString(), "-T", "1");
    assertEquals(0, table.exit(), table.err());
    assertTrue(table.out().contains("n/a"), table.out());
    assertFalse(table.out().contains("± 0.000"), table.out());
    CliHarness.Run json =
        CliHarness.run("classify", images.toString(), "-m", model.toString(), "-T", "1", "--json");
    JsonNode n = new ObjectMapper().readTree(json.out()).get(0);
    assertTrue(n.get("std").isNull() && n.get("mutualInformation").isNull(), json.out());
    assertFalse(n.get("sampled").asBoolean());
  }

  @Test
  void aGifWhoseHeaderClaimsFortyThousandSquaredFailsThatFileOnly() throws Exception {
    Path dirWithBomb = Files.createDirectories(dir.resolve("bomb"));
    Files.copy(images.resolve("a.png"), dirWithBomb.resolve("a.png"));
    ByteBuffer b = ByteBuffer.allocate(35).order(ByteOrder.LITTLE_ENDIAN);
    b.put("GIF89a".getBytes(StandardCharsets.US_ASCII));
    b.putShort((short) 40000).putShort((short) 40000).put((byte) 0x80).put((byte) 0).put((byte) 0);
    b.put(new byte[] {0, 0, 0, (byte) 255, (byte) 255, (byte) 255});
    b.put((byte) 0x2C).putShort((short) 0).putShort((short) 0);
    b.putShort((short) 40000).putShort((short) 40000).put((byte) 0);
    b.put(new byte[] {2, 2, 0x4C, 0x01, 0, 0x3B});
    Files.write(dirWithBomb.resolve("bomb.gif"), b.array());
    CliHarness.Run r =
        CliHarness.run("classify", dirWithBomb.toString(), "-m", model.toString(), "-T", "5");
    assertEquals(1, r.exit(), r.err());
    assertTrue(r.err().contains("bomb.gif") && r.err().contains("megapixels"), r.err());
    assertFalse(r.err().contains("OutOfMemoryError") || r.err().contains("\tat "), r.err());
    assertTrue(r.out().contains("a.png"), r.out());
  }
}

package io.mcdrop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcdrop.onnx.OnnxModels;
import io.mcdrop.runtime.calibration.CalibrationCodec;
import io.mcdrop.runtime.calibration.CalibrationSpec;
import io.mcdrop.trainer.data.Dataset;
import io.mcdrop.trainer.data.FashionMnist;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model mcdrop did not train calibrates and serves like ours: the over-confident PyTorch CNN of
 * {@code scripts/make_overconfident_model.py} (trained on training images 0-2999 only, 40 epochs,
 * no weight decay; test NLL 0.65, ECE 0.09), exported by PyTorch 1.13 with its dropout kept.
 * Calibrated the way a user would ({@code --data fashion-mnist}: the last 5,000 training images,
 * which it never saw), evaluated on the whole test split, at T = 10 to keep it quick.
 *
 * <p>At T = 30 the cut is 7.7x (ECE) and 37 % (NLL) deterministically and 5.7x / 17 % with MC
 * dropout (docs/calibration.md). The asserted 4x and 25 % are the goals; with MC only the
 * ECE goal is met, so only "NLL improves" is asserted there. A 2,000-image test slice is too small
 * for a 4x ECE claim (15-bin ECE has a noise floor of about 0.01 there). Everything is seeded.
 */
@Tag("e2e")
class ThirdPartyCalibrationTest {
  @TempDir Path dir;

  @Test
  void anOverConfidentPyTorchModelIsCalibratedAndServedWithItsSets() throws Exception {
    Assumptions.assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR), "Fashion-MNIST installed");
    Path model = Path.of(getClass().getResource("/torch/overconfident-cnn.onnx").toURI());
    Path out = dir.resolve("overconfident-cal.onnx");
    CliHarness.Run r =
        CliHarness.run(
            "calibrate",
            "--model",
            model.toString(),
            "--data",
            "fashion-mnist",
            "-T",
            "10",
            "--out",
            out.toString(),
            "--json");
    assertEquals(0, r.exit(), r.err());
    CalibrationSpec spec =
        CalibrationCodec.read(
            OnnxModels.metadata(OnnxModels.read(out), CalibrationCodec.META_KEY).orElseThrow());
    // over-confident: both temperatures well above 1; MC averaging already softens, so less
    assertTrue(spec.deterministic().temperature() > 1.8, "" + spec.deterministic().temperature());
    assertTrue(spec.mc().temperature() > 1.5, "" + spec.mc().temperature());
    assertTrue(spec.mc().temperature() < spec.deterministic().temperature());

    r =
        CliHarness.run(
            "evaluate",
            "--model",
            out.toString(),
            "--data",
            "fashion-mnist",
            "-T",
            "10",
            "--seed",
            "1",
            "--json");
    assertEquals(0, r.exit(), r.err());
    JsonNode cal = new ObjectMapper().readTree(r.out()).path("calibrated");
    JsonNode det = cal.path("deterministic");
    JsonNode mc = cal.path("mc");
    double detEce = det.path("before").path("ece").asDouble();
    double detNll = det.path("before").path("nll").asDouble();
    assertTrue(detEce > 0.06 && detNll > 0.5, "the fixture is over-confident: " + det);
    assertTrue(det.path("ece").asDouble() * 4 <= detEce, "deterministic ECE cut >= 4x: " + det);
    assertTrue(
        det.path("nll").asDouble() <= 0.75 * detNll, "deterministic NLL cut >= 25 %: " + det);
    assertTrue(
        mc.path("ece").asDouble() * 4 <= mc.path("before").path("ece").asDouble(),
        "MC ECE cut >= 4x: " + mc);
    assertTrue(
        mc.path("nll").asDouble() < mc.path("before").path("nll").asDouble(), "MC NLL: " + mc);
    JsonNode conformal = new ObjectMapper().readTree(r.out()).path("conformal");
    assertEquals(0.9, conformal.path("coverage").asDouble(), 0.03, conformal.toString());

    // served like ours: classify applies the stored calibration with no flag
    Dataset test = FashionMnist.test(FashionMnist.DEFAULT_DIR);
    BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
    for (int p = 0; p < 784; p++) {
      img.getRaster().setSample(p % 28, p / 28, 0, Math.round(test.images()[p] * 255));
    }
    Path png = dir.resolve("test0.png");
    ImageIO.write(img, "png", png.toFile());
    r = CliHarness.run("classify", png.toString(), "--model", out.toString(), "--json");
    assertEquals(0, r.exit(), r.err());
    JsonNode p = new ObjectMapper().readTree(r.out()).get(0);
    assertTrue(p.path("calibrated").asBoolean(), r.out());
    assertEquals(spec.mc().temperature(), p.path("temperature").asDouble(), 1e-12);
    assertTrue(p.path("predictionSet").isArray() && p.path("predictionSet").size() >= 1, r.out());
    assertTrue(List.of("confident", "ambiguous", "uncertain").contains(p.path("verdict").asText()));
  }
}

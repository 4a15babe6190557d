package io.mcdrop.onnx.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.onnx.OnnxModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContractJsonTest {
  /** Exactly what models/fashion-cnn.onnx carries (written by the trainer before the contract). */
  static final String SHIPPED =
      "{\"channels\":1,\"height\":28,\"width\":28,\"resize\":\"bilinear\","
          + "\"scale\":0.00392156862745098,\"mean\":[0.2861],\"std\":[0.353],\"invert\":false}";

  @Test
  void theShippedModelsPreprocessingReadsAndWritesBackByteForByte() {
    PreprocessSpec p = PreprocessSpec.fromJson(SHIPPED);
    assertEquals(ResizeRule.STRETCH_BILINEAR, p.resize());
    assertEquals(28, p.height());
    assertArrayEquals(new double[] {0.2861}, p.mean());
    assertEquals(SHIPPED, p.toJson());
  }

  @Test
  void theShippedModelFileItselfFollowsTheContract() {
    Path model = Path.of("../../models/fashion-cnn.onnx");
    if (!Files.exists(model)) {
      return; // run from another directory: the literal above is the same bytes
    }
    var m = OnnxModels.read(model);
    PreprocessSpec p =
        PreprocessSpec.fromJson(OnnxModels.metadata(m, MetadataKeys.PREPROCESS).orElseThrow());
    assertEquals(1, p.channels());
    assertEquals(
        10, ContractJson.labels(OnnxModels.metadata(m, MetadataKeys.LABELS).orElseThrow()).size());
    List<DropoutLayer> d =
        ContractJson.dropout(OnnxModels.metadata(m, MetadataKeys.DROPOUT).orElseThrow());
    assertEquals(0.5, d.get(0).rate());
    ArchitectureInfo a =
        ContractJson.architecture(OnnxModels.metadata(m, MetadataKeys.ARCHITECTURE).orElseThrow());
    assertEquals(List.of(1, 28, 28), a.input());
    TrainingProvenance t =
        ContractJson.training(OnnxModels.metadata(m, MetadataKeys.TRAINING).orElseThrow());
    assertEquals(30, t.epochs());
    assertEquals("fashion-mnist", t.data());
    // the recorded validation split is what `mcdrop calibrate --split auto` reads
    assertEquals(0.1, t.valSplit());
    assertEquals(42L, t.seed());
  }

  @Test
  void theRuntimesOldStretchNameAndASingleMeanStillRead() {
    PreprocessSpec p =
        PreprocessSpec.fromJson(
            "{\"channels\":3,\"height\":4,\"width\":5,\"resize\":\"stretch\",\"mean\":0.5}");
    assertEquals(ResizeRule.STRETCH_BILINEAR, p.resize());
    assertArrayEquals(new double[] {0.5, 0.5, 0.5}, p.mean());
    assertArrayEquals(new double[] {1, 1, 1}, p.std());
    assertEquals(PreprocessSpec.UNIT_SCALE, p.scale());
  }

  @Test
  void badMetadataIsAModelProblemNamingTheKey() {
    for (String bad :
        List.of(
            "{\"channels\":1,\"height\":4,\"width\":4,\"resize\":\"crop\"}",
            "{\"channels\":0,\"height\":4,\"width\":4}",
            "{\"channels\":1,\"height\":4,\"width\":4,\"std\":[0]}",
            "not json")) {
      McdropException e = assertThrows(McdropException.class, () -> PreprocessSpec.fromJson(bad));
      assertEquals(ErrorCode.MODEL_INVALID, e.code(), bad);
      assertTrue(e.getMessage().contains(MetadataKeys.PREPROCESS), e.getMessage());
    }
  }

  @Test
  void invertHappensInPixelLevelsBeforeScaleAndNormalization() {
    PreprocessSpec p =
        new PreprocessSpec(
            1,
            1,
            1,
            ResizeRule.STRETCH_BILINEAR,
            1 / 255.0,
            new double[] {0.5},
            new double[] {0.25},
            true);
    // level 51 -> inverted 204 -> 0.8 -> (0.8 - 0.5) / 0.25 = 1.2
    assertEquals(1.2, p.normalize(51, 0), 1e-6);
  }

  @Test
  void trainingProvenanceFromTheTrainersMapRefusesUnknownFacts() {
    TrainingProvenance t =
        ContractJson.fromMap(
            Map.of("data", "synthetic", "epochs", 2, "augment", true),
            TrainingProvenance.class,
            MetadataKeys.TRAINING);
    assertEquals(2, t.epochs());
    assertNull(t.lr());
    String json = ContractJson.write(t);
    assertEquals(t, ContractJson.training(json));
    McdropException e =
        assertThrows(
            McdropException.class,
            () ->
                ContractJson.fromMap(
                    Map.of("data", "x", "colour", "red"),
                    TrainingProvenance.class,
                    MetadataKeys.TRAINING));
    assertTrue(e.getMessage().contains("colour"), e.getMessage());
  }
}

package io.mcdrop.runtime.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.onnx.build.GraphBuilder;
import io.mcdrop.onnx.build.Tensors;
import io.mcdrop.onnx.fixtures.FixtureModels;
import io.mcdrop.runtime.preprocess.Preprocessing;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The model signature is read from the protobuf alone: no ONNX Runtime in these tests. */
class ModelSignatureTest {

  @Test
  void theFixtureCnnHasADynamicImageInputLabelsAndLogits() {
    ModelSignature s = ModelSignature.of(FixtureModels.smallCnn(1, 0.5f, 0.2f), null);
    assertEquals("input", s.inputName());
    assertTrue(s.dynamicBatch());
    assertArrayEquals(new long[] {1, 8, 8}, s.rowShape());
    assertEquals(64, s.rowSize());
    assertEquals(List.of("alpha", "beta", "gamma"), s.metadataLabels());
    assertEquals(0.25, s.preprocessing().std()[0]);
    assertEquals(OutputKind.LOGITS, s.outputKind());
    assertEquals(List.of("alpha", "beta", "gamma"), s.labels(3, null));
  }

  @Test
  void givenPreprocessingAndLabelsWinOverTheMetadataAndMustFit() {
    ModelSignature s =
        ModelSignature.of(FixtureModels.smallCnn(1, 0.5f, 0.2f), Preprocessing.plain(1, 8, 8));
    assertEquals(0.0, s.preprocessing().mean()[0]);
    assertEquals(List.of("a", "b", "c"), s.labels(3, List.of("a", "b", "c")));
    McdropException wrongCount =
        assertThrows(McdropException.class, () -> s.labels(3, List.of("a", "b")));
    assertEquals(ErrorCode.BAD_OPTION, wrongCount.code());
    McdropException wrongSize =
        assertThrows(
            McdropException.class,
            () ->
                ModelSignature.of(
                    FixtureModels.smallCnn(1, 0.5f, 0.2f), Preprocessing.plain(1, 28, 28)));
    assertTrue(wrongSize.getMessage().contains("[1, 28, 28]"), wrongSize.getMessage());
  }

  @Test
  void aSoftmaxBehindIdentityNodesIsReadAsProbabilitiesAndNumbersNameUnlabelledClasses() {
    GraphBuilder g = new GraphBuilder("soft");
    String x = g.floatInput("x", "N", 4);
    String w = g.initializer(Tensors.floats("w", new float[8], 4, 2));
    String y = g.node("MatMul", List.of(x, w));
    y = g.node("Softmax", List.of(y));
    y = g.node("Identity", List.of(y));
    g.output(y, "p", "N", 2);
    ModelSignature s = ModelSignature.of(g.build(), null);
    assertEquals(OutputKind.PROBABILITIES, s.outputKind());
    assertArrayEquals(new long[] {4}, s.rowShape());
    assertNull(s.preprocessing());
    assertNull(s.metadataLabels());
    assertEquals(List.of("0", "1"), s.labels(2, null));
  }

  @Test
  void inputsThatAreNotABatchOfRowsAreRefusedWithTheReason() {
    GraphBuilder fixed = new GraphBuilder("fixed");
    String x = fixed.floatInput("x", 4, 3);
    fixed.output(fixed.node("Identity", List.of(x)), "y", 4, 3);
    assertRefused(fixed.build(), "fixed batch of 4");

    GraphBuilder two = new GraphBuilder("two");
    String a = two.floatInput("a", "N", 3);
    String b = two.floatInput("b", "N", 3);
    two.output(two.node("Add", List.of(a, b)), "y", "N", 3);
    assertRefused(two.build(), "exactly one data input");

    GraphBuilder unknown = new GraphBuilder("unknown");
    String u = unknown.floatInput("u", "N", "D");
    unknown.output(unknown.node("Identity", List.of(u)), "y", "N", "D");
    McdropException e =
        assertThrows(McdropException.class, () -> ModelSignature.of(unknown.build(), null));
    assertFalse(e.getMessage().contains("--"), "library messages name no CLI flags: " + e);
  }

  private static void assertRefused(ModelProto m, String why) {
    McdropException e = assertThrows(McdropException.class, () -> ModelSignature.of(m, null));
    assertEquals(ErrorCode.NOT_A_CLASSIFIER, e.code());
    assertTrue(e.getMessage().contains(why), e.getMessage());
  }
}

package io.mcdrop.server.grpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import inference.GRPCInferenceServiceGrpc;
import inference.GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub;
import inference.GrpcPredictV2.InferParameter;
import inference.GrpcPredictV2.InferTensorContents;
import inference.GrpcPredictV2.ModelInferRequest;
import inference.GrpcPredictV2.ModelInferRequest.InferInputTensor;
import inference.GrpcPredictV2.ModelInferRequest.InferRequestedOutputTensor;
import inference.GrpcPredictV2.ModelInferResponse;
import inference.GrpcPredictV2.ModelMetadataRequest;
import inference.GrpcPredictV2.ModelMetadataResponse;
import inference.GrpcPredictV2.ModelReadyRequest;
import inference.GrpcPredictV2.ServerLiveRequest;
import inference.GrpcPredictV2.ServerMetadataRequest;
import inference.GrpcPredictV2.ServerReadyRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.mcdrop.onnx.OnnxModels;
import io.mcdrop.server.support.Http;
import io.mcdrop.server.support.TestModels;
import io.mcdrop.server.support.TestServer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Conformance with {@code inference.GRPCInferenceService}, spoken by a client stub generated from
 * the unmodified KServe {@code grpc_predict_v2.proto}, over a real channel to 127.0.0.1. The server
 * classes are not used to build requests or read answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrpcConformanceTest {
  private TestServer server;
  private ManagedChannel channel;
  private GRPCInferenceServiceBlockingStub stub;

  @BeforeAll
  void start() throws Exception {
    server = TestServer.start(Map.of("mcdrop.server.max-samples", 200));
    channel =
        NettyChannelBuilder.forAddress("127.0.0.1", server.server.grpcPort())
            .usePlaintext()
            .build();
    stub = GRPCInferenceServiceGrpc.newBlockingStub(channel);
  }

  @AfterAll
  void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
  }

  private GRPCInferenceServiceBlockingStub call() {
    return stub.withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  static float[] pixels(int n, float scale) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = ((i * 37) % 64) * scale;
    }
    return v;
  }

  static ByteString le(float[] v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : v) {
      b.putFloat(f);
    }
    return ByteString.copyFrom(b.array());
  }

  static float[] floats(ByteString raw) {
    ByteBuffer b = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[raw.size() / 4];
    for (int i = 0; i < out.length; i++) {
      out[i] = b.getFloat();
    }
    return out;
  }

  static InferParameter int64(long v) {
    return InferParameter.newBuilder().setInt64Param(v).build();
  }

  static InferInputTensor.Builder input(long... shape) {
    InferInputTensor.Builder b = InferInputTensor.newBuilder().setName("input").setDatatype("FP32");
    for (long d : shape) {
      b.addShape(d);
    }
    return b;
  }

  static ModelInferRequest.Builder raw(float[] x, long... shape) {
    return ModelInferRequest.newBuilder()
        .setModelName(TestModels.CNN)
        .addInputs(input(shape))
        .addRawInputContents(le(x));
  }

  static ByteString output(ModelInferResponse r, String name) {
    for (int i = 0; i < r.getOutputsCount(); i++) {
      if (r.getOutputs(i).getName().equals(name)) {
        return r.getRawOutputContents(i);
      }
    }
    throw new AssertionError("no output " + name + " in " + r);
  }

  private Status.Code codeOf(Runnable r) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, r::run);
    assertFalse(e.getStatus().getDescription() == null || e.getStatus().getDescription().isBlank());
    return e.getStatus().getCode();
  }

  @Test
  void onnxProtobufClassesAndGrpcShareOneProtobufRuntime() throws Exception {
    // The ONNX classes (tribuo-util-onnx, generated for protobuf 3.x) read a model in this JVM,
    // while the same JVM serves gRPC from classes generated from grpc_predict_v2.proto.
    OnnxMl.ModelProto model = OnnxModels.read(server.models.resolve(TestModels.CNN + ".onnx"));
    assertTrue(model.getGraph().getNodeCount() > 0);
    assertSame(
        OnnxMl.ModelProto.class.getSuperclass().getProtectionDomain().getCodeSource().getLocation(),
        ModelInferRequest.class
            .getSuperclass()
            .getProtectionDomain()
            .getCodeSource()
            .getLocation());
    assertTrue(call().serverLive(ServerLiveRequest.getDefaultInstance()).getLive());
  }

  @Test
  void healthAndReadiness() {
    assertTrue(call().serverLive(ServerLiveRequest.getDefaultInstance()).getLive());
    assertTrue(call().serverReady(ServerReadyRequest.getDefaultInstance()).getReady());
    assertTrue(call().modelReady(ModelReadyRequest.newBuilder().setName("cnn").build()).getReady());
    assertTrue(
        call()
            .modelReady(ModelReadyRequest.newBuilder().setName("cnn").setVersion("1").build())
            .getReady());
    assertEquals(
        Status.Code.NOT_FOUND,
        codeOf(() -> call().modelReady(ModelReadyRequest.newBuilder().setName("nope").build())));
    assertEquals(
        Status.Code.NOT_FOUND,
        codeOf(
            () ->
                call()
                    .modelReady(
                        ModelReadyRequest.newBuilder().setName("cnn").setVersion("7").build())));
    var health = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    assertEquals(
        ServingStatus.SERVING, health.check(HealthCheckRequest.getDefaultInstance()).getStatus());
    assertEquals(
        ServingStatus.SERVING,
        health
            .check(
                HealthCheckRequest.newBuilder()
                    .setService("inference.GRPCInferenceService")
                    .build())
            .getStatus());
    assertEquals(
        Status.Code.NOT_FOUND,
        codeOf(() -> health.check(HealthCheckRequest.newBuilder().setService("other").build())));
  }

  @Test
  void serverAndModelMetadata() {
    var meta = call().serverMetadata(ServerMetadataRequest.getDefaultInstance());
    assertEquals("mcdrop", meta.getName());
    assertFalse(meta.getVersion().isEmpty());
    assertTrue(meta.getExtensionsList().contains("binary_tensor_data"));
    ModelMetadataResponse m =
        call().modelMetadata(ModelMetadataRequest.newBuilder().setName("cnn").build());
    assertEquals("cnn", m.getName());
    assertEquals(List.of("1"), m.getVersionsList());
    assertEquals("onnxruntime_onnx", m.getPlatform());
    assertEquals("input", m.getInputs(0).getName());
    assertEquals("FP32", m.getInputs(0).getDatatype());
    assertEquals(List.of(-1L, 1L, 8L, 8L), m.getInputs(0).getShapeList());
    List<String> outputs = new ArrayList<>();
    m.getOutputsList().forEach(o -> outputs.add(o.getName()));
    assertTrue(
        outputs.containsAll(List.of("probabilities", "std", "entropy", "mutual_information")));
    assertEquals(
        Status.Code.NOT_FOUND,
        codeOf(() -> call().modelMetadata(ModelMetadataRequest.newBuilder().setName("x").build())));
  }

  @Test
  void rawInferenceAgreesWithRestAndTypedContents() throws Exception {
    float[] x = pixels(128, 0.05f);
    ModelInferResponse r =
        call()
            .modelInfer(
                raw(x, 2, 1, 8, 8)
                    .setId("req-7")
                    .putParameters("mc_samples", int64(20))
                    .putParameters("seed", int64(11))
                    .build());
    assertEquals("cnn", r.getModelName());
    assertEquals("req-7", r.getId());
    assertEquals(20, r.getParametersOrThrow("mc_samples").getInt64Param());
    assertEquals(r.getOutputsCount(), r.getRawOutputContentsCount());
    float[] probs = floats(output(r, "probabilities"));
    assertEquals(6, probs.length);
    assertEquals(1.0, probs[3] + probs[4] + probs[5], 1e-5);
    assertEquals(List.of(2L, 3L), r.getOutputs(0).getShapeList());

    // The same request over REST JSON: the same numbers.
    StringBuilder data = new StringBuilder();
    for (int i = 0; i < x.length; i++) {
      data.append(i == 0 ? "" : ",").append(x[i]);
    }
    Http.Response rest =
        server.http.postJson(
            "/v2/models/cnn/infer",
            "{\"parameters\":{\"mc_samples\":20,\"seed\":11},\"inputs\":[{\"name\":\"input\","
                + "\"shape\":[2,1,8,8],\"datatype\":\"FP32\",\"data\":["
                + data
                + "]}]}");
    for (JsonNode o : rest.json().get("outputs")) {
      String name = o.get("name").asText();
      if (o.get("datatype").asText().equals("FP32")) {
        float[] want = new float[o.get("data").size()];
        for (int i = 0; i < want.length; i++) {
          want[i] = (float) o.get("data").get(i).asDouble();
        }
        assertArrayEquals(want, floats(output(r, name)), name);
      }
    }
    ByteBuffer label = output(r, "label").asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    byte[] first = new byte[label.getInt()];
    label.get(first);
    assertEquals(
        rest.json().get("outputs").get(8).get("data").get(0).asText(),
        new String(first, StandardCharsets.UTF_8));

    // Typed contents give the same answer as raw ones.
    InferTensorContents.Builder typed = InferTensorContents.newBuilder();
    for (float f : x) {
      typed.addFp32Contents(f);
    }
    ModelInferResponse t =
        call()
            .modelInfer(
                ModelInferRequest.newBuilder()
                    .setModelName("cnn")
                    .setModelVersion("1")
                    .addInputs(input(2, 1, 8, 8).setContents(typed))
                    .addOutputs(InferRequestedOutputTensor.newBuilder().setName("probabilities"))
                    .putParameters("mc_samples", int64(20))
                    .putParameters("seed", int64(11))
                    .build());
    assertEquals("1", t.getModelVersion());
    assertEquals(1, t.getOutputsCount());
    assertArrayEquals(probs, floats(t.getRawOutputContents(0)));
  }

  @Test
  void mcOptionsAsParameters() {
    float[] x = pixels(64, 0.02f);
    ModelInferResponse det =
        call()
            .modelInfer(
                raw(x, 1, 1, 8, 8)
                    .putParameters("mc_samples", int64(1))
                    .addOutputs(InferRequestedOutputTensor.newBuilder().setName("std"))
                    .build());
    for (float s : floats(det.getRawOutputContents(0))) {
      assertEquals(0f, s);
    }
    assertEquals("deterministic", det.getParametersOrThrow("strategy").getStringParam());
    ModelInferResponse mc =
        call()
            .modelInfer(
                raw(x, 1, 1, 8, 8)
                    .putParameters("mc_samples", int64(40))
                    .putParameters(
                        "strategy", InferParameter.newBuilder().setStringParam("loop").build())
                    .putParameters(
                        "tolerance", InferParameter.newBuilder().setStringParam("0").build())
                    .addOutputs(InferRequestedOutputTensor.newBuilder().setName("samples"))
                    .addOutputs(InferRequestedOutputTensor.newBuilder().setName("std"))
                    .build());
    assertEquals("loop", mc.getParametersOrThrow("strategy").getStringParam());
    assertEquals(
        40,
        mc.getRawOutputContents(0).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).getInt());
    float spread = 0;
    for (float s : floats(mc.getRawOutputContents(1))) {
      spread += s;
    }
    assertNotEquals(0f, spread, "40 MC samples through dropout must spread");
  }

  @Test
  void badRequestsGetAProperStatusAndTheServerKeepsServing() {
    float[] x = pixels(64, 0.02f);
    List<ModelInferRequest> invalid =
        List.of(
            raw(x, 1, 1, 8, 8).putParameters("mc_samples", int64(0)).build(),
            raw(x, 1, 1, 8, 8).putParameters("mc_samples", int64(201)).build(),
            raw(x, 1, 1, 8, 8).putParameters("mc_samples", int64(Long.MIN_VALUE)).build(),
            raw(x, 1, 1, 8, 8)
                .putParameters("seed", InferParameter.newBuilder().setStringParam("7").build())
                .build(),
            raw(x, 1, 1, 8, 8)
                .putParameters("mc_samples", InferParameter.newBuilder().setBoolParam(true).build())
                .build(),
            // wrong byte count
            raw(pixels(63, 0.02f), 1, 1, 8, 8).build(),
            // unknown datatype
            ModelInferRequest.newBuilder()
                .setModelName("cnn")
                .addInputs(input(1, 1, 8, 8).setDatatype("FP8"))
                .addRawInputContents(le(x))
                .build(),
            // a datatype the model does not take
            ModelInferRequest.newBuilder()
                .setModelName("cnn")
                .addInputs(input(1, 1, 8, 8).setDatatype("INT32"))
                .addRawInputContents(le(x))
                .build(),
            // missing input
            ModelInferRequest.newBuilder().setModelName("cnn").build(),
            // more raw contents than inputs
            raw(x, 1, 1, 8, 8).addRawInputContents(le(x)).build(),
            // typed contents and raw contents together
            ModelInferRequest.newBuilder()
                .setModelName("cnn")
                .addInputs(
                    input(1, 1, 8, 8)
                        .setContents(InferTensorContents.newBuilder().addFp32Contents(1f)))
                .addRawInputContents(le(x))
                .build(),
            // no contents at all
            ModelInferRequest.newBuilder().setModelName("cnn").addInputs(input(1, 1, 8, 8)).build(),
            // wrong input name, wrong shape, unknown output
            ModelInferRequest.newBuilder()
                .setModelName("cnn")
                .addInputs(input(1, 1, 8, 8).setName("x"))
                .addRawInputContents(le(x))
                .build(),
            raw(x, 1, 1, 4, 16).build(),
            raw(x, 1, 1, 8, 8)
                .addOutputs(InferRequestedOutputTensor.newBuilder().setName("nope"))
                .build());
    for (ModelInferRequest req : invalid) {
      assertEquals(
          Status.Code.INVALID_ARGUMENT, codeOf(() -> call().modelInfer(req)), req.toString());
    }
    assertEquals(
        Status.Code.NOT_FOUND,
        codeOf(() -> call().modelInfer(raw(x, 1, 1, 8, 8).setModelName("nope").build())));
    assertEquals(
        Status.Code.NOT_FOUND,
        codeOf(() -> call().modelInfer(raw(x, 1, 1, 8, 8).setModelVersion("3").build())));
    StatusRuntimeException e =
        assertThrows(
            StatusRuntimeException.class,
            () ->
                call()
                    .modelInfer(raw(x, 1, 1, 8, 8).putParameters("mc_samples", int64(0)).build()));
    String message = e.getStatus().getDescription();
    assertTrue(message.contains("mc_samples") && message.contains("200"), message);
    assertFalse(message.contains("--"), message);
    assertEquals(1, call().modelInfer(raw(x, 1, 1, 8, 8).build()).getOutputs(0).getShape(0));
  }

  @Test
  void grpcRequestsAreCountedInTheServersMetrics() {
    call().modelInfer(raw(pixels(64, 0.01f), 1, 1, 8, 8).build());
    String metrics = server.http.get("/prometheus").body();
    assertTrue(metrics.contains("grpc-infer"), "no grpc-infer series in /prometheus");
  }
}

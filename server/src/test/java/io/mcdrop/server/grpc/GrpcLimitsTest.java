package io.mcdrop.server.grpc;

import static io.mcdrop.server.grpc.GrpcConformanceTest.int64;
import static io.mcdrop.server.grpc.GrpcConformanceTest.pixels;
import static io.mcdrop.server.grpc.GrpcConformanceTest.raw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.rpc.RetryInfo;
import inference.GRPCInferenceServiceGrpc;
import inference.GrpcPredictV2.ModelInferResponse;
import inference.GrpcPredictV2.ServerLiveRequest;
import inference.GrpcPredictV2.ServerMetadataRequest;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import io.mcdrop.server.support.Conditions;
import io.mcdrop.server.support.EngineGate;
import io.mcdrop.server.support.TestServer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The REST server's limits and API key hold for gRPC too; the port settings do what they say. */
class GrpcLimitsTest {
  private static ManagedChannel channel(TestServer s) {
    return NettyChannelBuilder.forAddress("127.0.0.1", s.server.grpcPort()).usePlaintext().build();
  }

  private static Metadata header(String name, String value) {
    Metadata m = new Metadata();
    m.put(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER), value);
    return m;
  }

  @Test
  void apiKeyAsMetadataAndTheMessageSizeLimit() throws Exception {
    try (TestServer s =
        TestServer.start(
            Map.of(
                "mcdrop.server.api-key", "s3cret", "micronaut.server.max-request-size", 100_000))) {
      ManagedChannel ch = channel(s);
      try {
        var stub =
            GRPCInferenceServiceGrpc.newBlockingStub(ch).withDeadlineAfter(60, TimeUnit.SECONDS);
        var none =
            assertThrows(
                StatusRuntimeException.class,
                () -> stub.serverMetadata(ServerMetadataRequest.getDefaultInstance()));
        assertEquals(Status.Code.UNAUTHENTICATED, none.getStatus().getCode());
        assertTrue(none.getStatus().getDescription().contains("x-api-key"));
        var wrong =
            stub.withInterceptors(
                MetadataUtils.newAttachHeadersInterceptor(header("x-api-key", "nope")));
        assertEquals(
            Status.Code.UNAUTHENTICATED,
            assertThrows(
                    StatusRuntimeException.class,
                    () -> wrong.modelInfer(raw(pixels(64, 0.1f), 1, 1, 8, 8).build()))
                .getStatus()
                .getCode());
        // Health and liveness need no key (probes carry none).
        assertTrue(stub.serverLive(ServerLiveRequest.getDefaultInstance()).getLive());
        assertEquals(
            ServingStatus.SERVING,
            HealthGrpc.newBlockingStub(ch)
                .check(HealthCheckRequest.getDefaultInstance())
                .getStatus());
        for (Metadata ok :
            new Metadata[] {
              header("x-api-key", "s3cret"), header("authorization", "Bearer s3cret")
            }) {
          var keyed = stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(ok));
          ModelInferResponse r = keyed.modelInfer(raw(pixels(64, 0.1f), 1, 1, 8, 8).build());
          assertEquals("cnn", r.getModelName());
          // 100,000 bytes is the limit of a REST body and of a gRPC message alike.
          var big =
              assertThrows(
                  StatusRuntimeException.class,
                  () -> keyed.modelInfer(raw(pixels(64 * 400, 0.1f), 400, 1, 8, 8).build()));
          assertEquals(Status.Code.RESOURCE_EXHAUSTED, big.getStatus().getCode(), big.toString());
        }
      } finally {
        ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void aFullQueueIsResourceExhaustedWithRetryInfo() throws Exception {
    EngineGate gate = EngineGate.held();
    try (TestServer s =
        TestServer.start(
            Map.of(
                "mcdrop.server.threads", 1,
                "mcdrop.server.queue-capacity", 1,
                "mcdrop.server.queue-wait", "30s"),
            gate)) {
      ManagedChannel ch = channel(s);
      try {
        var async =
            GRPCInferenceServiceGrpc.newFutureStub(ch).withDeadlineAfter(120, TimeUnit.SECONDS);
        var stub =
            GRPCInferenceServiceGrpc.newBlockingStub(ch).withDeadlineAfter(60, TimeUnit.SECONDS);
        ListenableFuture<ModelInferResponse> running =
            async.modelInfer(
                raw(pixels(64, 0.1f), 1, 1, 8, 8).putParameters("mc_samples", int64(3)).build());
        gate.awaitEntered(1);
        ListenableFuture<ModelInferResponse> queued =
            async.modelInfer(
                raw(pixels(64, 0.2f), 1, 1, 8, 8).putParameters("mc_samples", int64(4)).build());
        Conditions.await("one queued", () -> s.scheduler().depth() == 1);
        ListenableFuture<ModelInferResponse> waiting =
            async.modelInfer(
                raw(pixels(64, 0.3f), 1, 1, 8, 8).putParameters("mc_samples", int64(5)).build());
        Conditions.await("one waiting", () -> s.scheduler().depth() == 2);
        StatusRuntimeException busy =
            assertThrows(
                StatusRuntimeException.class,
                () -> stub.modelInfer(raw(pixels(64, 0.4f), 1, 1, 8, 8).build()));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, busy.getStatus().getCode());
        assertTrue(busy.getStatus().getDescription().contains("busy"), busy.toString());
        com.google.rpc.Status detail = StatusProto.fromThrowable(busy);
        RetryInfo retry = detail.getDetails(0).unpack(RetryInfo.class);
        assertEquals(1, retry.getRetryDelay().getSeconds());
        gate.open();
        assertEquals("cnn", running.get(60, TimeUnit.SECONDS).getModelName());
        assertEquals("cnn", queued.get(60, TimeUnit.SECONDS).getModelName());
        assertEquals("cnn", waiting.get(60, TimeUnit.SECONDS).getModelName());
      } finally {
        ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void drainFinishesInFlightGrpcCallsAndRefusesNewOnesAsUnavailable() throws Exception {
    EngineGate gate = EngineGate.held();
    TestServer s = TestServer.start(Map.of("mcdrop.server.threads", 1), gate);
    ManagedChannel ch = channel(s);
    Thread closer = null;
    try {
      var async =
          GRPCInferenceServiceGrpc.newFutureStub(ch).withDeadlineAfter(120, TimeUnit.SECONDS);
      var stub =
          GRPCInferenceServiceGrpc.newBlockingStub(ch).withDeadlineAfter(60, TimeUnit.SECONDS);
      ListenableFuture<ModelInferResponse> inFlight =
          async.modelInfer(raw(pixels(64, 0.1f), 1, 1, 8, 8).build());
      gate.awaitEntered(1);
      closer = new Thread(s.server::close, "test-close");
      closer.start();
      Conditions.await("draining", () -> !s.scheduler().accepting());
      StatusRuntimeException refused =
          assertThrows(
              StatusRuntimeException.class,
              () -> stub.modelInfer(raw(pixels(64, 0.2f), 1, 1, 8, 8).build()));
      assertEquals(Status.Code.UNAVAILABLE, refused.getStatus().getCode());
      assertTrue(
          StatusProto.fromThrowable(refused).getDetails(0).is(RetryInfo.class), refused.toString());
      gate.open();
      assertEquals("cnn", inFlight.get(60, TimeUnit.SECONDS).getModelName());
      closer.join(TimeUnit.SECONDS.toMillis(60));
      assertTrue(!closer.isAlive(), "shutdown did not finish");
    } finally {
      gate.open();
      ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      if (closer != null) {
        closer.join(TimeUnit.SECONDS.toMillis(60));
      }
      s.close();
    }
  }

  @Test
  void portSettings() throws Exception {
    try (TestServer off = TestServer.start(Map.of("mcdrop.server.grpc.enabled", false))) {
      assertEquals(-1, off.server.grpcPort());
    }
    try (TestServer any = TestServer.start(Map.of("mcdrop.server.grpc.port", 0))) {
      assertTrue(any.server.grpcPort() > 0);
      assertTrue(any.server.grpcPort() != any.server.port());
    }
    assertEquals(8081, new GrpcConfig(true, null).portFor(8080));
    assertEquals(0, new GrpcConfig(true, null).portFor(-1));
    assertEquals(9000, new GrpcConfig(true, 9000).portFor(-1));
  }
}

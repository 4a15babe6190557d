package io.mcdrop.server.grpc;

import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import io.mcdrop.server.v2.V2Inference;

/**
 * {@code grpc.health.v1.Health} for Kubernetes gRPC probes: SERVING once every model is loaded and
 * while requests are accepted (the same rule as {@code /v2/health/ready}), for the server ({@code
 * ""}) and for {@code inference.GRPCInferenceService}. Watch is not offered (UNIMPLEMENTED); probes
 * use Check.
 */
final class HealthService extends HealthGrpc.HealthImplBase {
  static final String INFERENCE = "inference.GRPCInferenceService";
  private final V2Inference inference;

  HealthService(V2Inference inference) {
    this.inference = inference;
  }

  @Override
  public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> out) {
    String service = request.getService();
    if (!service.isEmpty() && !service.equals(INFERENCE)) {
      out.onError(
          Status.NOT_FOUND
              .withDescription("unknown service '" + service + "'; this server has " + INFERENCE)
              .asRuntimeException());
      return;
    }
    out.onNext(
        HealthCheckResponse.newBuilder()
            .setStatus(inference.serverReady() ? ServingStatus.SERVING : ServingStatus.NOT_SERVING)
            .build());
    out.onCompleted();
  }
}

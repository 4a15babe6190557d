package io.mcdrop.server.grpc;

import inference.GRPCInferenceServiceGrpc;
import inference.GrpcPredictV2.ModelInferRequest;
import inference.GrpcPredictV2.ModelInferResponse;
import inference.GrpcPredictV2.ModelMetadataRequest;
import inference.GrpcPredictV2.ModelMetadataResponse;
import inference.GrpcPredictV2.ModelReadyRequest;
import inference.GrpcPredictV2.ModelReadyResponse;
import inference.GrpcPredictV2.ServerLiveRequest;
import inference.GrpcPredictV2.ServerLiveResponse;
import inference.GrpcPredictV2.ServerMetadataRequest;
import inference.GrpcPredictV2.ServerMetadataResponse;
import inference.GrpcPredictV2.ServerReadyRequest;
import inference.GrpcPredictV2.ServerReadyResponse;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.mcdrop.server.v2.V2Dto.MetadataTensor;
import io.mcdrop.server.v2.V2Dto.ModelMetadata;
import io.mcdrop.server.v2.V2Inference;
import java.util.function.Supplier;

/**
 * {@code inference.GRPCInferenceService}: the six RPCs of KServe's {@code grpc_predict_v2.proto} on
 * the same {@link V2Inference} as the REST endpoints. Nothing here blocks: inference is queued on
 * the scheduler and answered from its worker.
 */
final class InferenceService extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {
  static final String ENDPOINT = "grpc-infer";
  private final V2Inference inference;

  InferenceService(V2Inference inference) {
    this.inference = inference;
  }

  @Override
  public void serverLive(ServerLiveRequest request, StreamObserver<ServerLiveResponse> out) {
    answer(out, () -> ServerLiveResponse.newBuilder().setLive(true).build());
  }

  @Override
  public void serverReady(ServerReadyRequest request, StreamObserver<ServerReadyResponse> out) {
    answer(out, () -> ServerReadyResponse.newBuilder().setReady(inference.serverReady()).build());
  }

  @Override
  public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> out) {
    answer(
        out,
        () ->
            ModelReadyResponse.newBuilder()
                .setReady(inference.modelReady(request.getName(), request.getVersion()))
                .build());
  }

  @Override
  public void serverMetadata(
      ServerMetadataRequest request, StreamObserver<ServerMetadataResponse> out) {
    answer(
        out,
        () ->
            ServerMetadataResponse.newBuilder()
                .setName(V2Inference.SERVER_NAME)
                .setVersion(inference.serverVersion())
                .addAllExtensions(V2Inference.EXTENSIONS)
                .build());
  }

  @Override
  public void modelMetadata(
      ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> out) {
    answer(
        out,
        () -> {
          ModelMetadata m = inference.metadata(request.getName(), request.getVersion());
          ModelMetadataResponse.Builder b =
              ModelMetadataResponse.newBuilder()
                  .setName(m.name())
                  .addAllVersions(m.versions())
                  .setPlatform(m.platform());
          m.inputs().forEach(t -> b.addInputs(tensor(t)));
          m.outputs().forEach(t -> b.addOutputs(tensor(t)));
          return b.build();
        });
  }

  private static ModelMetadataResponse.TensorMetadata tensor(MetadataTensor t) {
    ModelMetadataResponse.TensorMetadata.Builder b =
        ModelMetadataResponse.TensorMetadata.newBuilder()
            .setName(t.name())
            .setDatatype(t.datatype());
    for (long d : t.shape()) {
      b.addShape(d);
    }
    return b.build();
  }

  @Override
  public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> out) {
    if (out instanceof ServerCallStreamObserver<ModelInferResponse> s) {
      // A client that gave up must not make the worker's answer throw.
      s.setOnCancelHandler(() -> {});
    }
    try {
      inference
          .infer(
              request.getModelName(),
              request.getModelVersion(),
              GrpcMessages.request(request),
              ENDPOINT)
          .whenComplete(
              (result, error) -> {
                if (error != null) {
                  out.onError(GrpcStatus.of(error));
                  return;
                }
                ModelInferResponse response;
                try {
                  response = GrpcMessages.response(result);
                } catch (RuntimeException e) {
                  out.onError(GrpcStatus.of(e));
                  return;
                }
                out.onNext(response);
                out.onCompleted();
              });
    } catch (RuntimeException e) {
      out.onError(GrpcStatus.of(e));
    }
  }

  private static <T> void answer(StreamObserver<T> out, Supplier<T> body) {
    T value;
    try {
      value = body.get();
    } catch (RuntimeException e) {
      out.onError(GrpcStatus.of(e));
      return;
    }
    out.onNext(value);
    out.onCompleted();
  }
}

/**
 * The Open Inference Protocol over gRPC: KServe's {@code inference.GRPCInferenceService} (from the
 * unmodified {@code grpc_predict_v2.proto}, generated at build time) and {@code grpc.health.v1},
 * served by grpc-java on their own port beside the REST server, on the same {@link
 * io.mcdrop.server.v2.V2Inference}. Errors map once to gRPC statuses ({@code GrpcStatus}).
 */
package io.mcdrop.server.grpc;

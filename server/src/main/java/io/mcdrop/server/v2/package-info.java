/**
 * The Open Inference Protocol (KServe V2): {@link io.mcdrop.server.v2.V2Inference} holds its
 * semantics for every transport (health, metadata, inference on the shared registry and scheduler,
 * MC dropout options in the request {@code parameters}: {@code mc_samples}, {@code tolerance},
 * {@code seed}, {@code strategy}; the uncertainty measures as extra output tensors). The REST
 * transport ({@link io.mcdrop.server.v2.V2Controller}) speaks JSON and the binary tensor data
 * extension; the gRPC transport lives in {@code io.mcdrop.server.grpc}. REST errors are {@code
 * {"error": "..."}} with a 4xx status.
 */
package io.mcdrop.server.v2;

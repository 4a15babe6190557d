package io.mcdrop.server.grpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

/**
 * With an API key configured, every call except health checks must carry it as metadata, as over
 * REST: {@code x-api-key: KEY} or {@code authorization: Bearer KEY}; else UNAUTHENTICATED.
 */
final class ApiKeyInterceptor implements ServerInterceptor {
  private static final Metadata.Key<String> API_KEY =
      Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final Set<String> EXEMPT =
      Set.of(
          "inference.GRPCInferenceService/ServerLive",
          "inference.GRPCInferenceService/ServerReady",
          "grpc.health.v1.Health/Check",
          "grpc.health.v1.Health/Watch");

  private final byte[] key;

  ApiKeyInterceptor(String key) {
    this.key = key.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (EXEMPT.contains(call.getMethodDescriptor().getFullMethodName())
        || matches(presented(headers))) {
      return next.startCall(call, headers);
    }
    call.close(
        Status.UNAUTHENTICATED.withDescription(
            "missing or wrong API key: send it as metadata 'x-api-key: <key>' or 'authorization:"
                + " Bearer <key>'"),
        new Metadata());
    return new ServerCall.Listener<>() {};
  }

  private static String presented(Metadata headers) {
    String k = headers.get(API_KEY);
    if (k != null) {
      return k.trim();
    }
    String auth = headers.get(AUTHORIZATION);
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return auth.substring(7).trim();
    }
    return null;
  }

  private boolean matches(String presented) {
    // Constant-time comparison, as for REST.
    return presented != null
        && MessageDigest.isEqual(key, presented.getBytes(StandardCharsets.UTF_8));
  }
}

package io.mcdrop.server.errors;

import io.mcdrop.errors.ErrorCode;
import io.micronaut.http.HttpStatus;

/** The one mapping from mcdrop's error codes to HTTP statuses. */
public final class ErrorStatus {
  private ErrorStatus() {}

  public static HttpStatus of(ErrorCode code) {
    return switch (code) {
      case NOT_FOUND -> HttpStatus.NOT_FOUND;
      case BAD_IMAGE, BAD_INPUT -> HttpStatus.BAD_REQUEST;
      case IMAGE_TOO_LARGE -> HttpStatus.REQUEST_ENTITY_TOO_LARGE;
      case BAD_OPTION, NO_DROPOUT -> HttpStatus.UNPROCESSABLE_ENTITY;
      case PROVIDER_UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
      // The server loaded these models itself: a failure here is the server's, not the user's.
      case MODEL_INVALID, NOT_A_CLASSIFIER, DROPOUT_NOT_ALIVE, ENGINE_FAILURE, INTERNAL ->
          HttpStatus.INTERNAL_SERVER_ERROR;
    };
  }
}

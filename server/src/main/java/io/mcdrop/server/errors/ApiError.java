package io.mcdrop.server.errors;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The body of every error response. The Open Inference Protocol allows only {@code error}, so
 * {@code code} is left out on {@code /v2} paths.
 *
 * @param error what went wrong and what to do about it
 * @param code mcdrop's error code (e.g. {@code BAD_OPTION}), for programs
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, @Nullable String code) {}

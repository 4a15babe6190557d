package io.mcdrop.server.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * A JSON tensor to classify, already preprocessed as the model expects; read by {@link NativeJson}
 * (streaming, the values straight into {@code data}).
 *
 * @param data the input values, row-major; sent nested (e.g. [[[...]]]) or flat, held flat
 * @param shape optional shape of {@code data}: the model's input shape, optionally with a leading 1
 * @param samples MC samples (default: the server's), 1 for deterministic
 * @param tolerance stop early once the standard error is below this (0 = never)
 * @param seed seeds dropout for reproducible numbers
 * @param strategy auto, loop, batched or trunk
 * @param topK how many classes to list
 * @param raw whether to return every sample
 */
@Serdeable
public record PredictRequest(
    @Nullable float[] data,
    @Nullable long[] shape,
    @Nullable Integer samples,
    @Nullable Double tolerance,
    @Nullable Long seed,
    @Nullable String strategy,
    @Nullable Integer topK,
    @Nullable Boolean raw) {}

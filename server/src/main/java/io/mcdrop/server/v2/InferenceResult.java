package io.mcdrop.server.v2;

import java.util.List;
import java.util.Map;

/**
 * The answer to an {@link InferenceRequest}, before a transport encodes it.
 *
 * @param modelName the model that answered
 * @param modelVersion the version asked for, or null
 * @param id the request's id, or null
 * @param parameters response parameters ({@code mc_samples}: Integer, {@code strategy}: String)
 * @param outputs the output tensors in the requested order
 */
public record InferenceResult(
    String modelName,
    String modelVersion,
    String id,
    Map<String, Object> parameters,
    List<OutputTensor> outputs) {}

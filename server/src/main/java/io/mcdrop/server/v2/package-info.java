/**
 * The Open Inference Protocol (KServe V2) REST API: health, server and model metadata, and
 * inference on FP32 tensors, with MC dropout options in the request {@code parameters} ({@code
 * mc_samples}, {@code tolerance}, {@code seed}, {@code strategy}) and the uncertainty measures as
 * extra output tensors. Errors are {@code {"error": "..."}} with a 4xx status.
 */
package io.mcdrop.server.v2;

/**
 * Runs inference off the event loop on a bounded set of workers, and coalesces concurrent requests
 * for the same model and the same MC options into one engine call (dynamic batching): their MC
 * samples then share ONNX Runtime runs (trunks computed together, heads tiled together).
 */
package io.mcdrop.server.batching;

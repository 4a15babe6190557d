/**
 * Deprecated forwarding shells: the metrics moved to {@code io.mcdrop.metrics} (module onnx) so the
 * trainer and the evaluation share one implementation. Kept one release for branches that still
 * import this package.
 */
package io.mcdrop.runtime.metrics;

/**
 * The server's own Micrometer meters (exported at {@code /prometheus}): requests and latency
 * histograms per model and endpoint, MC samples drawn, queue depth, batch sizes, timeouts.
 */
package io.mcdrop.server.metrics;

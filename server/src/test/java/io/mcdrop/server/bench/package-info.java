/**
 * The server benchmark's Java side (run by {@code scripts/bench-server.sh}, not a test): prepares
 * the model and image, measures the in-process engine on the same work, and runs the server.
 */
package io.mcdrop.server.bench;

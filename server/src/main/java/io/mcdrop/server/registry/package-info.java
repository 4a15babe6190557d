/**
 * The models this server serves: every {@code *.onnx} in the models directory, loaded once at
 * startup into one shared {@link io.mcdrop.runtime.mc.McEngine} each. Requests name models only
 * through this registry, so no request path ever reaches the file system.
 */
package io.mcdrop.server.registry;

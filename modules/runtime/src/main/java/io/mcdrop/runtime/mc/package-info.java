/**
 * The Monte Carlo dropout engine: loads a model into ONNX Runtime with dropout kept alive, verifies
 * that it is, and draws samples by one of several {@link io.mcdrop.runtime.mc.Strategy strategies},
 * adaptively when a tolerance is given.
 */
package io.mcdrop.runtime.mc;

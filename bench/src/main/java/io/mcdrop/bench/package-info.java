/**
 * The runtime benchmark of issue 2: ms per image of MC dropout at T samples for every strategy of
 * {@link io.mcdrop.runtime.mc.McEngine}, against PyTorch 1.13 on the same exported network. {@code
 * scripts/bench-runtime.sh} builds this module, runs the PyTorch side and this one, and prints one
 * table; nothing here runs in the test suite.
 */
package io.mcdrop.bench;

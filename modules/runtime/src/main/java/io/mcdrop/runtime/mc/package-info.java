/**
 * The Monte Carlo dropout engine's façade: {@link io.mcdrop.runtime.mc.McEngine} (load, predict,
 * close), the request builder {@link io.mcdrop.runtime.mc.McOptions}, {@link
 * io.mcdrop.runtime.mc.Strategy} and {@link io.mcdrop.runtime.mc.EngineConfig}. Inside: the load
 * sequence ({@code LoadedModel}), the liveness check, and the choice of sampler and sessions per
 * request ({@code Samplers}, {@code MaskedGraphs} for seeded requests).
 */
package io.mcdrop.runtime.mc;

/**
 * Architectures as short text specs ({@code conv32-bn-relu-pool, fc128-relu-drop0.5, fc10}): the
 * parser with errors that point at the bad token, the named presets, the factory that turns a spec
 * into a {@link io.mcdrop.trainer.layers.Network}, and {@link
 * io.mcdrop.trainer.arch.DropoutPlacement} for "same architecture, dropout elsewhere".
 */
package io.mcdrop.trainer.arch;

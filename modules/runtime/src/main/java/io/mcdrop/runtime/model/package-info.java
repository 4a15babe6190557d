/**
 * What a model is, without running it: its {@link io.mcdrop.runtime.model.ModelSignature} (read
 * from the protobuf alone), its {@link io.mcdrop.runtime.model.OutputKind} and the loaded {@link
 * io.mcdrop.runtime.model.ModelInfo}.
 */
package io.mcdrop.runtime.model;

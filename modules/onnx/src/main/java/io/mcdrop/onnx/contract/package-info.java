/**
 * The model contract: the {@code mcdrop.*} metadata an exported model carries about itself ({@link
 * io.mcdrop.onnx.contract.MetadataKeys}), one record per entry ({@link
 * io.mcdrop.onnx.contract.PreprocessSpec}, {@link io.mcdrop.onnx.contract.DropoutLayer}, {@link
 * io.mcdrop.onnx.contract.ArchitectureInfo}, {@link io.mcdrop.onnx.contract.TrainingProvenance})
 * and one codec ({@link io.mcdrop.onnx.contract.ContractJson}). The trainer's exporter writes these
 * and the runtime reads them; nothing else formats or parses {@code mcdrop.*} JSON.
 */
package io.mcdrop.onnx.contract;

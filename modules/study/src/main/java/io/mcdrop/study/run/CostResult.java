package io.mcdrop.study.run;

/**
 * A unit's inference cost measured by the study's cost pass ({@link UnitCost}), apart from training
 * and evaluation so that it can be taken on a quiet machine; stored as {@link UnitCost#FILE}.
 *
 * @param images test images timed per run
 * @param samples MC samples of the MC timing (1 for a model without dropout)
 * @param threads ONNX Runtime intra-op threads
 * @param rounds timed runs; each figure is their median
 * @param detMsPerImage deterministic milliseconds per image
 * @param mcMsPerImage MC milliseconds per image, NaN for a model without dropout
 */
public record CostResult(
    int images, int samples, int threads, int rounds, double detMsPerImage, double mcMsPerImage) {}

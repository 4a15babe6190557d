package io.mcdrop.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mcdrop.runtime.stats.Prediction;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * One MC-dropout prediction, with the field names of the CLI's {@code --json} (natural logs).
 *
 * @param model the model that answered
 * @param label predicted class name (argmax of the mean probabilities)
 * @param index predicted class index
 * @param confidence mean probability of the predicted class
 * @param probabilities mean class probabilities over the samples
 * @param std per-class standard deviation over the samples
 * @param lower per-class 2.5 % sample quantile
 * @param upper per-class 97.5 % sample quantile
 * @param entropy predictive entropy (total uncertainty)
 * @param expectedEntropy mean per-sample entropy (aleatoric: noise in the data)
 * @param mutualInformation entropy minus expected entropy (epistemic: the model's doubt)
 * @param variationRatio share of samples that disagree with the modal class
 * @param samples MC samples drawn (1 = deterministic)
 * @param strategy how they were drawn
 * @param topK the most probable classes, best first
 * @param rawSamples per-sample probabilities [samples][classes], only with {@code raw=true}
 * @param verdict the engine's verdict word: {@code confident}, {@code ambiguous} or {@code
 *     uncertain}
 * @param sampled whether MC samples were drawn; false (T = 1) means the spread fields were not
 *     measured
 * @param predictionSet a calibrated model's conformal prediction set (labels, most probable first):
 *     it holds the true label with probability ≥ 1 − α; absent when not calibrated
 * @param calibrated whether the model's stored calibration was applied
 * @param temperature the logit temperature of the probabilities (1 = raw)
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PredictionBody(
    String model,
    String label,
    int index,
    double confidence,
    double[] probabilities,
    double[] std,
    double[] lower,
    double[] upper,
    double entropy,
    double expectedEntropy,
    double mutualInformation,
    double variationRatio,
    int samples,
    String strategy,
    List<ClassScore> topK,
    @Nullable float[][] rawSamples,
    String verdict,
    boolean sampled,
    @Nullable List<String> predictionSet,
    boolean calibrated,
    double temperature) {

  /** A class with its mean probability and standard deviation. */
  @Serdeable
  public record ClassScore(int index, String label, double probability, double std) {}

  public static PredictionBody of(String model, String strategy, Prediction p) {
    return new PredictionBody(
        model,
        p.label(),
        p.index(),
        p.confidence(),
        p.probabilities(),
        p.std(),
        p.lower(),
        p.upper(),
        p.entropy(),
        p.expectedEntropy(),
        p.mutualInformation(),
        p.variationRatio(),
        p.samples(),
        strategy,
        p.topK().stream()
            .map(c -> new ClassScore(c.index(), c.label(), c.probability(), c.std()))
            .toList(),
        p.rawSamples(),
        p.verdict().word(),
        p.sampled(),
        p.predictionSet(),
        p.calibrated(),
        p.temperature());
  }
}

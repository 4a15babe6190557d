package io.mcdrop.onnx.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * How a model was trained: the {@code mcdrop.training} entry. Every field is optional (a resumed or
 * third-party model may not know it); a new fact is added here, not written ad hoc.
 *
 * @param data the data set ({@code fashion-mnist}, a folder, ...)
 * @param epochs epochs trained
 * @param trainLoss final training loss
 * @param trainAccuracy final training accuracy
 * @param valLoss final validation loss, null without a validation split
 * @param valAccuracy final validation accuracy, null without a validation split
 * @param testAccuracy test-set accuracy, if evaluated
 * @param testNll test-set NLL (nats), if evaluated
 * @param valSplit the fraction of the training images held out for validation (drawn with {@code
 *     seed}), absent when none was
 * @param seed the training seed
 * @param optimizer optimizer name
 * @param lr learning rate
 * @param batch batch size
 * @param augment whether augmentation was on
 * @param seconds training time: every epoch's wall time summed, including epochs before a resume
 * @param date ISO-8601 instant of the export
 */
@JsonPropertyOrder({
  "data",
  "epochs",
  "train_loss",
  "train_accuracy",
  "val_loss",
  "val_accuracy",
  "test_accuracy",
  "test_nll",
  "val_split",
  "seed",
  "optimizer",
  "lr",
  "batch",
  "augment",
  "seconds",
  "date"
})
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record TrainingProvenance(
    String data,
    Integer epochs,
    @JsonProperty("train_loss") Double trainLoss,
    @JsonProperty("train_accuracy") Double trainAccuracy,
    @JsonProperty("val_loss") @JsonInclude(JsonInclude.Include.ALWAYS) Double valLoss,
    @JsonProperty("val_accuracy") @JsonInclude(JsonInclude.Include.ALWAYS) Double valAccuracy,
    @JsonProperty("test_accuracy") Double testAccuracy,
    @JsonProperty("test_nll") Double testNll,
    @JsonProperty("val_split") Double valSplit,
    Long seed,
    String optimizer,
    Double lr,
    Integer batch,
    Boolean augment,
    Long seconds,
    String date) {}

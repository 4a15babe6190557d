package io.mcdrop.spark.job;

import java.util.List;
import java.util.Map;

/**
 * What a finished job did, also written as {@code summary.json}.
 *
 * @param inputs rows read (images or table rows)
 * @param scored rows with a prediction
 * @param failed error rows (corrupt image, wrong tensor size, ...)
 * @param partitions tasks the inputs were scored in
 * @param labels predicted label -> count
 * @param verdicts verdict -> count ({@code ""} = none of UNCERTAIN, ambiguous, confident)
 * @param errors up to 10 error rows as {@code path: message}
 * @param seconds wall time of the scoring and writing
 * @param out where the results are
 */
public record BatchSummary(
    long inputs,
    long scored,
    long failed,
    int partitions,
    Map<String, Long> labels,
    Map<String, Long> verdicts,
    List<String> errors,
    double seconds,
    String out) {

  public double imagesPerSecond() {
    return seconds > 0 ? inputs / seconds : 0;
  }
}

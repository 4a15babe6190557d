package io.mcdrop.spark.job;

import java.util.Map;

/**
 * How the results' Parquet columns are encoded. Dictionary encoding pays only for the few repeated
 * words (label, verdict, top-k labels, prediction set); on the doubles, arrays and unique paths
 * Parquet first builds a dictionary per page and then falls back to plain, which showed as a hash
 * map of doubles in the tasks' profile.
 */
final class ParquetColumns {
  /** Writer options (Parquet's settings, per column where one is named after {@code #}). */
  static final Map<String, String> OPTIONS =
      Map.of(
          "parquet.enable.dictionary", "false",
          "parquet.enable.dictionary#label", "true",
          "parquet.enable.dictionary#verdict", "true",
          "parquet.enable.dictionary#topK.list.element.label", "true",
          "parquet.enable.dictionary#predictionSet.list.element", "true");

  private ParquetColumns() {}
}

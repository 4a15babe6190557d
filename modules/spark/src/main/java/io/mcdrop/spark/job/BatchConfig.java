package io.mcdrop.spark.job;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.spark.engine.EngineSpec;

/**
 * One batch-scoring job.
 *
 * @param input a directory (read recursively), a file or a glob of images; or a Parquet path when
 *     {@code column} is set
 * @param column for Parquet input: the column holding encoded images (binary) or float tensors
 *     (array of float or double); null for image files
 * @param idColumn for Parquet input: the column that names each row (its key and seed source); null
 *     = the row's position in the table
 * @param model the ONNX model file (local, or any Hadoop file system path)
 * @param out the output folder: {@code predictions.parquet}, {@code predictions.json} if asked,
 *     {@code summary.json}
 * @param engine how executors load the model
 * @param mc samples, seed, strategy, verdict thresholds
 * @param partitions how many partitions (tasks) to score in; 0 = about two per core, and at most
 *     2,000 images per partition
 * @param chunk images per engine call within a partition
 * @param json also write the predictions as JSON lines
 * @param overwrite replace earlier results in {@code out}
 */
public record BatchConfig(
    String input,
    String column,
    String idColumn,
    String model,
    String out,
    EngineSpec engine,
    McSettings mc,
    int partitions,
    int chunk,
    boolean json,
    boolean overwrite) {

  public static final int DEFAULT_CHUNK = 64;

  public BatchConfig {
    if (partitions < 0) {
      throw new McdropException(
          ErrorCode.BAD_OPTION, "partitions must be >= 0 (0 = automatic), got " + partitions);
    }
    if (chunk < 1 || chunk > 4096) {
      throw new McdropException(
          ErrorCode.BAD_OPTION, "chunk must be between 1 and 4096, got " + chunk);
    }
    if (idColumn != null && column == null) {
      throw new McdropException(
          ErrorCode.BAD_OPTION, "an id column only applies to table input (give the column too)");
    }
  }

  /** Images under {@code input}, default engine and partitioning. */
  public static BatchConfig images(String input, String model, String out, McSettings mc) {
    return new BatchConfig(
        input, null, null, model, out, EngineSpec.cpu(1), mc, 0, DEFAULT_CHUNK, false, false);
  }

  public BatchConfig withPartitions(int p) {
    return new BatchConfig(
        input, column, idColumn, model, out, engine, mc, p, chunk, json, overwrite);
  }

  public BatchConfig withOut(String o) {
    return new BatchConfig(
        input, column, idColumn, model, o, engine, mc, partitions, chunk, json, overwrite);
  }

  public BatchConfig withJson(boolean j) {
    return new BatchConfig(
        input, column, idColumn, model, out, engine, mc, partitions, chunk, j, overwrite);
  }

  public BatchConfig withTable(String col, String id) {
    return new BatchConfig(
        input, col, id, model, out, engine, mc, partitions, chunk, json, overwrite);
  }

  public BatchConfig withOverwrite(boolean o) {
    return new BatchConfig(
        input, column, idColumn, model, out, engine, mc, partitions, chunk, json, o);
  }

  public BatchConfig withEngine(EngineSpec e) {
    return new BatchConfig(
        input, column, idColumn, model, out, e, mc, partitions, chunk, json, overwrite);
  }

  public BatchConfig withChunk(int c) {
    return new BatchConfig(
        input, column, idColumn, model, out, engine, mc, partitions, c, json, overwrite);
  }
}

package io.mcdrop.spark.job;

import io.mcdrop.runtime.stats.Prediction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The columns of the job's input (after normalisation) and output. The output has the fields of
 * {@code mcdrop classify --json} ({@code path} for its {@code file}), plus {@code verdict}, the
 * per-image {@code seed} (reproduce one image with {@code mcdrop classify --seed}) and {@code
 * error} (null unless the row failed; then the prediction fields are null).
 */
public final class ScoreSchema {
  private ScoreSchema() {}

  /**
   * What every input source becomes: a key (path or row id), image bytes or a float tensor, or why
   * the input could not be read.
   */
  public static final StructType INPUT =
      new StructType(
          new StructField[] {
            field("path", DataTypes.StringType, false),
            field("content", DataTypes.BinaryType, true),
            field("tensor", DataTypes.createArrayType(DataTypes.FloatType, true), true),
            field("error", DataTypes.StringType, true)
          });

  private static final DataType DOUBLES = DataTypes.createArrayType(DataTypes.DoubleType, false);

  private static final StructType CLASS_SCORE =
      new StructType(
          new StructField[] {
            field("index", DataTypes.IntegerType, false),
            field("label", DataTypes.StringType, true),
            field("probability", DataTypes.DoubleType, false),
            field("std", DataTypes.DoubleType, false)
          });

  /** One row per input. */
  public static final StructType OUTPUT =
      new StructType(
          new StructField[] {
            field("path", DataTypes.StringType, false),
            field("label", DataTypes.StringType, true),
            field("index", DataTypes.IntegerType, true),
            field("confidence", DataTypes.DoubleType, true),
            field("probabilities", DOUBLES, true),
            field("std", DOUBLES, true),
            field("lower", DOUBLES, true),
            field("upper", DOUBLES, true),
            field("entropy", DataTypes.DoubleType, true),
            field("expectedEntropy", DataTypes.DoubleType, true),
            field("mutualInformation", DataTypes.DoubleType, true),
            field("variationRatio", DataTypes.DoubleType, true),
            field("samples", DataTypes.IntegerType, true),
            field("sampled", DataTypes.BooleanType, true),
            field("verdict", DataTypes.StringType, true),
            field("topK", DataTypes.createArrayType(CLASS_SCORE, false), true),
            field("predictionSet", DataTypes.createArrayType(DataTypes.StringType, false), true),
            field("calibrated", DataTypes.BooleanType, true),
            field("seed", DataTypes.LongType, true),
            field("error", DataTypes.StringType, true)
          });

  static Row scored(String path, Prediction p, Long seed) {
    boolean sampled = p.sampled();
    Row[] top = new Row[p.topK().size()];
    for (int i = 0; i < top.length; i++) {
      Prediction.ClassScore c = p.topK().get(i);
      top[i] = RowFactory.create(c.index(), c.label(), c.probability(), c.std());
    }
    return RowFactory.create(
        path,
        p.label(),
        p.index(),
        p.confidence(),
        p.probabilities().clone(),
        sampled ? p.std().clone() : null,
        sampled ? p.lower().clone() : null,
        sampled ? p.upper().clone() : null,
        p.entropy(),
        p.expectedEntropy(),
        sampled ? p.mutualInformation() : null,
        sampled ? p.variationRatio() : null,
        p.samples(),
        sampled,
        p.verdict().word(),
        top,
        p.predictionSet() == null ? null : p.predictionSet().toArray(new String[0]),
        p.calibrated(),
        seed,
        null);
  }

  static Row failed(String path, Long seed, String error) {
    Object[] v = new Object[OUTPUT.size()];
    v[0] = path;
    v[OUTPUT.fieldIndex("seed")] = seed;
    v[OUTPUT.fieldIndex("error")] = error;
    return RowFactory.create(v);
  }

  private static StructField field(String name, DataType type, boolean nullable) {
    return DataTypes.createStructField(name, type, nullable);
  }
}

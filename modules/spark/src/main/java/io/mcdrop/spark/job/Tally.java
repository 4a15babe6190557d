package io.mcdrop.spark.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.util.AccumulatorV2;

/**
 * The job's summary, gathered by the tasks as they write their rows: counts per label and verdict,
 * and the first error rows by path. The scoring runs in the write's result stage, where Spark
 * applies each partition's accumulator update exactly once (a retried or speculative task does not
 * count twice), so no second pass over the written results is needed.
 */
final class Tally extends AccumulatorV2<Row, Tally.Counts> {
  private static final long serialVersionUID = 1L;

  /** Error rows kept for the summary (the smallest paths). */
  static final int ERRORS = 10;

  private static final int LABEL = ScoreSchema.OUTPUT.fieldIndex("label");
  private static final int VERDICT = ScoreSchema.OUTPUT.fieldIndex("verdict");
  private static final int ERROR = ScoreSchema.OUTPUT.fieldIndex("error");

  private long rows;
  private long failed;
  private final TreeMap<String, Long> labels = new TreeMap<>();
  private final TreeMap<String, Long> verdicts = new TreeMap<>();
  private final TreeMap<String, String> errors = new TreeMap<>();

  /**
   * What the tasks counted.
   *
   * @param rows output rows
   * @param failed error rows
   * @param labels predicted label -> count
   * @param verdicts verdict -> count
   * @param errors up to {@link #ERRORS} error rows as {@code path: message}, by path
   */
  record Counts(
      long rows,
      long failed,
      Map<String, Long> labels,
      Map<String, Long> verdicts,
      List<String> errors) {}

  @Override
  public boolean isZero() {
    return rows == 0 && failed == 0 && labels.isEmpty() && verdicts.isEmpty() && errors.isEmpty();
  }

  @Override
  public Tally copy() {
    Tally t = new Tally();
    t.merge(this);
    return t;
  }

  @Override
  public void reset() {
    rows = 0;
    failed = 0;
    labels.clear();
    verdicts.clear();
    errors.clear();
  }

  /** Counts one output row. */
  @Override
  public void add(Row r) {
    rows++;
    if (!r.isNullAt(ERROR)) {
      failed++;
      keepError(r.getString(0), r.getString(ERROR));
      return;
    }
    labels.merge(r.isNullAt(LABEL) ? "" : r.getString(LABEL), 1L, Long::sum);
    verdicts.merge(r.isNullAt(VERDICT) ? "" : r.getString(VERDICT), 1L, Long::sum);
  }

  @Override
  public void merge(AccumulatorV2<Row, Counts> other) {
    Tally o = (Tally) other;
    rows += o.rows;
    failed += o.failed;
    o.labels.forEach((k, v) -> labels.merge(k, v, Long::sum));
    o.verdicts.forEach((k, v) -> verdicts.merge(k, v, Long::sum));
    o.errors.forEach(this::keepError);
  }

  @Override
  public Counts value() {
    List<String> e = new ArrayList<>();
    errors.forEach((p, m) -> e.add(p + ": " + m));
    return new Counts(rows, failed, new TreeMap<>(labels), new TreeMap<>(verdicts), e);
  }

  private void keepError(String path, String message) {
    errors.put(path, message);
    if (errors.size() > ERRORS) {
      errors.pollLastEntry();
    }
  }
}

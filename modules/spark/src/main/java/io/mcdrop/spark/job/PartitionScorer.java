package io.mcdrop.spark.job;

import io.mcdrop.errors.McdropException;
import io.mcdrop.runtime.mc.McEngine;
import io.mcdrop.runtime.mc.McOptions;
import io.mcdrop.runtime.preprocess.ImageLoader;
import io.mcdrop.runtime.stats.Prediction;
import io.mcdrop.spark.engine.EngineCalls;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;

/**
 * Scores one partition: rows are decoded and scored in chunks on the executor's shared engine, in
 * input order; a row that cannot be decoded or scored becomes an error row instead of failing the
 * task.
 */
final class PartitionScorer implements FlatMapFunction<Iterator<Row>, Row> {
  private static final long serialVersionUID = 1L;

  private final ModelHandle model;
  private final McSettings mc;
  private final int chunk;
  private final LongAccumulator done;
  private final LongAccumulator failed;
  private final Tally tally;

  PartitionScorer(
      ModelHandle model,
      McSettings mc,
      int chunk,
      LongAccumulator done,
      LongAccumulator failed,
      Tally tally) {
    this.model = model;
    this.mc = mc;
    this.chunk = chunk;
    this.done = done;
    this.failed = failed;
    this.tally = tally;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> input) {
    McEngine engine = model.engine();
    McOptions options = mc.toOptions(engine.verdictPolicy());
    return new Iterator<>() {
      private final ArrayDeque<Row> ready = new ArrayDeque<>();

      @Override
      public boolean hasNext() {
        while (ready.isEmpty() && input.hasNext()) {
          ready.addAll(scoreChunk(engine, options, input));
        }
        return !ready.isEmpty();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return ready.poll();
      }
    };
  }

  private List<Row> scoreChunk(McEngine engine, McOptions options, Iterator<Row> input) {
    int n = 0;
    Row[] out = new Row[chunk];
    List<Integer> slots = new ArrayList<>();
    List<float[]> tensors = new ArrayList<>();
    List<Long> seeds = new ArrayList<>();
    String[] paths = new String[chunk];
    while (n < chunk && input.hasNext()) {
      Row r = input.next();
      String path = r.getString(0);
      Long seed = mc.seed() == null ? null : ImageSeeds.derive(mc.seed(), path);
      paths[n] = path;
      try {
        tensors.add(tensor(engine, r, path));
        slots.add(n);
        seeds.add(seed);
      } catch (RuntimeException e) {
        out[n] = ScoreSchema.failed(path, seed, message(e));
      }
      n++;
    }
    List<Object> preds = predict(engine, options, tensors, seeds);
    for (int i = 0; i < slots.size(); i++) {
      int slot = slots.get(i);
      out[slot] =
          !(preds.get(i) instanceof Prediction p)
              ? ScoreSchema.failed(paths[slot], seeds.get(i), (String) preds.get(i))
              : ScoreSchema.scored(paths[slot], p, seeds.get(i));
    }
    List<Row> rows = new ArrayList<>(n);
    long bad = 0;
    for (int i = 0; i < n; i++) {
      rows.add(out[i]);
      tally.add(out[i]);
      if (!out[i].isNullAt(ScoreSchema.OUTPUT.fieldIndex("error"))) {
        bad++;
      }
    }
    done.add(n);
    failed.add(bad);
    return rows;
  }

  /**
   * Scores the tensors: a {@link Prediction} per input, or the error message where that input
   * failed. Unseeded chunks share one engine call; seeded inputs are scored one by one, each with
   * its own seed.
   */
  private List<Object> predict(
      McEngine engine, McOptions options, List<float[]> tensors, List<Long> seeds) {
    List<Object> preds = new ArrayList<>();
    if (tensors.isEmpty()) {
      return preds;
    }
    if (mc.seed() == null) {
      try {
        preds.addAll(EngineCalls.run(() -> engine.predictAll(tensors, options)));
        return preds;
      } catch (RuntimeException e) {
        // one bad input fails the whole call: score one by one to find it
        preds.clear();
      }
    }
    for (int i = 0; i < tensors.size(); i++) {
      float[] t = tensors.get(i);
      McOptions o = options.withSeed(seeds.get(i));
      try {
        preds.add(EngineCalls.run(() -> engine.predict(t, o)));
      } catch (RuntimeException e) {
        preds.add(message(e));
      }
    }
    return preds;
  }

  private static float[] tensor(McEngine engine, Row r, String path) {
    if (!r.isNullAt(3)) {
      throw new UnreadableInput(r.getString(3));
    }
    if (!r.isNullAt(1)) {
      return ImageLoader.decode((byte[]) r.get(1), path, engine.info().preprocessing());
    }
    if (r.isNullAt(2)) {
      throw new IllegalArgumentException("no image and no tensor in this row");
    }
    List<Float> values = r.getList(2);
    int expected = engine.info().inputSize();
    if (values.size() != expected) {
      throw new IllegalArgumentException(
          "tensor of "
              + values.size()
              + " floats, the model expects "
              + expected
              + " (shape "
              + java.util.Arrays.toString(engine.info().inputShape())
              + ")");
    }
    float[] t = new float[expected];
    for (int i = 0; i < expected; i++) {
      Float v = values.get(i);
      if (v == null) {
        throw new IllegalArgumentException("tensor has a null at index " + i);
      }
      t[i] = v;
    }
    return t;
  }

  private static String message(RuntimeException e) {
    if (e instanceof McdropException || e instanceof UnreadableInput) {
      return e.getMessage();
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  /** An input the reader already failed on; its message is the row's error. */
  private static final class UnreadableInput extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnreadableInput(String message) {
      super(message);
    }
  }
}

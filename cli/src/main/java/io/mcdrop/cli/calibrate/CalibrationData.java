package io.mcdrop.cli.calibrate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.trainer.data.DataSource;
import io.mcdrop.trainer.data.Dataset;
import io.mcdrop.trainer.data.FashionMnist;
import io.mcdrop.trainer.data.Split;
import io.mcdrop.trainer.tensor.Shape;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Which labelled images a model is calibrated on. Never a test split: for a source with one
 * (fashion-mnist, synthetic) the images come from its training split, and any image identical to a
 * test image is refused.
 *
 * <p>{@code --split} rules: {@code auto} (default) — the model's recorded validation split when its
 * {@code mcdrop.training} metadata names one ({@code val_split} with {@code seed}, drawn as the
 * trainer draws it), else the last {@value #DEFAULT_LAST} training images (of a folder: all of it);
 * {@code validation:FRACTION:SEED} — the trainer's seeded validation split; {@code last:N}; {@code
 * random:N:SEED}; {@code all}.
 *
 * @param images the chosen images
 * @param description in words, stored in the calibration
 * @param warnings what the user should hear
 */
public record CalibrationData(Dataset images, String description, List<String> warnings) {
  public static final int DEFAULT_LAST = 5000;

  /** Chooses the calibration images of {@code spec} for a model with {@code trainingMeta}. */
  public static CalibrationData choose(
      String spec, String split, String trainingMeta, Shape input, long seed) {
    Rule rule = Rule.parse(split);
    DataSource source = DataSource.load(spec, input, seed);
    List<String> warnings = new ArrayList<>(source.warnings());
    Dataset pool = source.train();
    boolean hasTest = source.test() != null;
    String part = hasTest ? source.name() + " training split" : source.name();
    CalibrationData chosen;
    switch (rule.kind) {
      case "auto" -> {
        double[] recorded = recordedSplit(trainingMeta, source.name());
        if (recorded != null) {
          chosen = validation(pool, recorded[0], (long) recorded[1], part, true);
        } else if (hasTest) {
          int n = Math.min(DEFAULT_LAST, pool.size() / 5);
          chosen = last(pool, n, part);
          warnings.add(
              "the model's metadata records no validation split, so it is calibrated on the last "
                  + n
                  + " images of the "
                  + part
                  + ", which its training may have seen (a temperature fitted on seen images comes"
                  + " out too low); pass --split validation:FRACTION:SEED to use the split it was"
                  + " trained with");
        } else {
          chosen = new CalibrationData(pool, "all of " + part, List.of());
        }
      }
      case "validation" -> chosen = validation(pool, rule.fraction, rule.seed, part, false);
      case "last" -> chosen = last(pool, rule.count, part);
      case "random" -> chosen = random(pool, rule.count, rule.seed, part);
      default -> chosen = new CalibrationData(pool, "all of " + part, List.of());
    }
    Dataset test = hasTest ? source.test() : fashionTestIfComparable(input);
    if (test != null) {
      int overlap = overlap(chosen.images(), test);
      if (overlap > 0) {
        throw new McdropException(
            ErrorCode.BAD_OPTION,
            overlap
                + " of the "
                + chosen.images().size()
                + " calibration images are test images ("
                + (hasTest ? source.name() : "fashion-mnist")
                + " test split); calibrate on data held out from training, never on the test set,"
                + " or the evaluation afterwards is not honest");
      }
    }
    warnings.addAll(chosen.warnings());
    return new CalibrationData(chosen.images(), chosen.description(), List.copyOf(warnings));
  }

  /** Checks the syntax of a {@code --split} rule (before anything is loaded). */
  public static void checkSplit(String split) {
    Rule.parse(split);
  }

  /** {@code [fraction, seed]} from the model's training metadata, or null when not recorded. */
  static double[] recordedSplit(String trainingMeta, String sourceName) {
    if (trainingMeta == null) {
      return null;
    }
    try {
      JsonNode t = new ObjectMapper().readTree(trainingMeta);
      JsonNode f = t.get("val_split");
      JsonNode s = t.get("seed");
      String data = t.path("data").asText("");
      if (f == null || !f.isNumber() || f.asDouble() <= 0 || s == null || !s.isNumber()) {
        return null;
      }
      if (!data.equals(sourceName) && !data.startsWith(sourceName + ":")) {
        return null;
      }
      return new double[] {f.asDouble(), s.asLong()};
    } catch (Exception e) {
      return null;
    }
  }

  static CalibrationData validation(
      Dataset pool, double fraction, long seed, String part, boolean recorded) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new McdropException(
          ErrorCode.BAD_OPTION, "--split validation fraction must be in (0, 1), got " + fraction);
    }
    Dataset val = Split.of(pool, fraction, seed).validation();
    return new CalibrationData(
        val,
        String.format(
            Locale.ROOT,
            "%s, validation split (%.3g of it, seed %d%s): %d images",
            part,
            fraction,
            seed,
            recorded ? ", as recorded in the model" : "",
            val.size()),
        List.of());
  }

  static CalibrationData last(Dataset pool, int n, String part) {
    if (n < 1 || n > pool.size()) {
      throw new McdropException(
          ErrorCode.BAD_OPTION,
          "--split last:N needs 1 <= N <= " + pool.size() + " (the " + part + "), got " + n);
    }
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = pool.size() - n + i;
    }
    return new CalibrationData(
        pool.subset(idx),
        "last "
            + n
            + " images of the "
            + part
            + " ("
            + (pool.size() - n)
            + "-"
            + (pool.size() - 1)
            + ")",
        List.of());
  }

  static CalibrationData random(Dataset pool, int n, long seed, String part) {
    if (n < 1 || n > pool.size()) {
      throw new McdropException(
          ErrorCode.BAD_OPTION,
          "--split random:N:SEED needs 1 <= N <= " + pool.size() + ", got " + n);
    }
    int[] idx = new int[pool.size()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    Random r = new Random(seed);
    for (int i = idx.length - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
    }
    int[] keep = Arrays.copyOf(idx, n);
    Arrays.sort(keep);
    return new CalibrationData(
        pool.subset(keep),
        n + " images of the " + part + " (seeded, seed " + seed + ")",
        List.of());
  }

  /** Fashion-MNIST's test split when the model takes its shape and the files are installed. */
  private static Dataset fashionTestIfComparable(Shape input) {
    if (!input.equals(new Shape(1, 28, 28)) || !Files.isDirectory(FashionMnist.DEFAULT_DIR)) {
      return null;
    }
    try {
      return FashionMnist.test(FashionMnist.DEFAULT_DIR);
    } catch (McdropException e) {
      return null;
    }
  }

  /** Images of {@code a} whose 8-bit pixels equal those of some image of {@code b}. */
  static int overlap(Dataset a, Dataset b) {
    if (!a.shape().equals(b.shape())) {
      return 0;
    }
    Set<Long> seen = new HashSet<>();
    int s = b.shape().size();
    for (int i = 0; i < b.size(); i++) {
      seen.add(hash(b.images(), i * s, s));
    }
    int n = 0;
    for (int i = 0; i < a.size(); i++) {
      n += seen.contains(hash(a.images(), i * s, s)) ? 1 : 0;
    }
    return n;
  }

  private static long hash(float[] v, int offset, int size) {
    long h = 1125899906842597L;
    for (int i = 0; i < size; i++) {
      h = 31 * h + Math.round(v[offset + i] * 255f);
      h ^= h >>> 29;
    }
    return h;
  }

  private record Rule(String kind, int count, double fraction, long seed) {
    static Rule parse(String s) {
      String t = s == null ? "auto" : s.strip().toLowerCase(Locale.ROOT);
      String[] p = t.split(":");
      try {
        switch (p[0]) {
          case "auto", "all" -> {
            if (p.length == 1) {
              return new Rule(p[0], 0, 0, 0);
            }
          }
          case "last" -> {
            if (p.length == 2) {
              return new Rule("last", Integer.parseInt(p[1]), 0, 0);
            }
          }
          case "random" -> {
            if (p.length == 3) {
              return new Rule("random", Integer.parseInt(p[1]), 0, Long.parseLong(p[2]));
            }
          }
          case "validation" -> {
            if (p.length == 3) {
              return new Rule("validation", 0, Double.parseDouble(p[1]), Long.parseLong(p[2]));
            }
          }
          default -> {}
        }
      } catch (NumberFormatException e) {
        // fall through to the message
      }
      throw new McdropException(
          ErrorCode.BAD_OPTION,
          "--split must be auto, all, last:N, random:N:SEED or validation:FRACTION:SEED, got '"
              + s
              + "'");
    }
  }
}

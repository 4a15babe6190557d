package io.mcdrop.evaluation.ood;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * One {@code --ood} source. Text forms: {@code noise[:N]}, {@code blank[:N]}, {@code inverted},
 * {@code holdout:C[,C...]} (class indices of the data set), or a directory of images.
 */
public sealed interface OodSpec {
  /** Name used in tables, JSON keys and file names. */
  String name();

  /** Uniform noise images, every pixel independent in [0, 1]. */
  record Noise(int count) implements OodSpec {
    @Override
    public String name() {
      return "noise";
    }
  }

  /** Constant images, each at its own uniformly drawn grey level. */
  record Blank(int count) implements OodSpec {
    @Override
    public String name() {
      return "blank";
    }
  }

  /** The in-distribution test images with intensities flipped ({@code 1 - x}). */
  record Inverted() implements OodSpec {
    @Override
    public String name() {
      return "inverted";
    }
  }

  /** Classes left out of training: their test images are the OOD set. */
  record Holdout(int[] classes) implements OodSpec {
    public Holdout {
      classes = classes.clone();
    }

    @Override
    public String name() {
      return "holdout";
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Holdout h && Arrays.equals(h.classes, classes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(classes);
    }

    @Override
    public String toString() {
      return "Holdout" + Arrays.toString(classes);
    }
  }

  /** Every image under a directory. */
  record Folder(Path root) implements OodSpec {
    @Override
    public String name() {
      String n = root.getFileName() == null ? root.toString() : root.getFileName().toString();
      return "folder-" + n.replaceAll("[^A-Za-z0-9._-]", "_");
    }
  }

  /** Count used for noise and blank sets when none is given: 0 means "as many as the test set". */
  int SAME_AS_TEST = 0;

  String SYNTAX = "DIR, noise[:N], blank[:N], inverted or holdout:C[,C...]";

  static OodSpec parse(String text) {
    String s = text.strip();
    String lower = s.toLowerCase(Locale.ROOT);
    if (lower.equals("noise") || lower.startsWith("noise:")) {
      return new Noise(count(s, "noise"));
    }
    if (lower.equals("blank") || lower.startsWith("blank:")) {
      return new Blank(count(s, "blank"));
    }
    if (lower.equals("inverted")) {
      return new Inverted();
    }
    if (lower.equals("holdout") || lower.startsWith("holdout:")) {
      return new Holdout(
          parseClasses(s.substring(Math.min(s.length(), 8)), "OOD source '" + s + "'"));
    }
    if (s.isEmpty()) {
      throw new McdropException(ErrorCode.BAD_OPTION, "an OOD source needs a value: " + SYNTAX);
    }
    return new Folder(Path.of(s));
  }

  /** Parses {@code 8,9}: class indices, at least one, no repeats. */
  static int[] parseClasses(String list, String what) {
    if (list.isBlank()) {
      throw new McdropException(
          ErrorCode.BAD_OPTION, what + ": expected class indices, e.g. holdout:8,9");
    }
    String[] parts = list.split(",");
    int[] out = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        out[i] = Integer.parseInt(parts[i].strip());
      } catch (NumberFormatException e) {
        throw new McdropException(
            ErrorCode.BAD_OPTION,
            what + ": '" + parts[i].strip() + "' is not a class index (e.g. 8,9)");
      }
      if (out[i] < 0) {
        throw new McdropException(
            ErrorCode.BAD_OPTION, what + ": class indices start at 0, got " + out[i]);
      }
    }
    if (Arrays.stream(out).distinct().count() != out.length) {
      throw new McdropException(ErrorCode.BAD_OPTION, what + ": a class is listed twice");
    }
    return out;
  }

  private static int count(String s, String prefix) {
    if (s.length() == prefix.length()) {
      return SAME_AS_TEST;
    }
    String n = s.substring(prefix.length() + 1).strip();
    try {
      int c = Integer.parseInt(n);
      if (c < 1) {
        throw new NumberFormatException();
      }
      return c;
    } catch (NumberFormatException e) {
      throw new McdropException(
          ErrorCode.BAD_OPTION,
          "OOD source '" + s + "': expected " + prefix + " or " + prefix + ":N with N >= 1 images");
    }
  }
}

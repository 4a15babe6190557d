package io.mcdrop.cli.common;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Checks a {@code --data SOURCE} value before any work: a keyword source ({@code
 * fashion-mnist[:DIR]}, {@code synthetic[:COUNT]}) or an existing folder. Anything else is a usage
 * error with a "did you mean" ({@code fashion-mnst} is a typo, not a missing folder).
 */
public final class DataOption {
  private DataOption() {}

  /** The keyword sources the trainer's {@code DataSource} reads. */
  public static final List<String> KEYWORDS = List.of("fashion-mnist", "synthetic");

  public static final String SYNTAX =
      "fashion-mnist[:DIR], synthetic[:COUNT], or an ImageFolder root (root/<class>/*.png|jpg)";

  /** Returns {@code spec} when the trainer's data loader can take it, else a usage error. */
  public static String check(String spec) {
    String s = spec.strip();
    String head = s.toLowerCase(Locale.ROOT).split(":", 2)[0];
    if (KEYWORDS.contains(head) || Files.isDirectory(Path.of(s))) {
      return s;
    }
    throw new McdropException(
        ErrorCode.BAD_OPTION,
        "--data "
            + spec
            + ": neither a folder nor a data set name"
            + Suggest.didYouMean(head, KEYWORDS)
            + "; expected "
            + SYNTAX);
  }
}

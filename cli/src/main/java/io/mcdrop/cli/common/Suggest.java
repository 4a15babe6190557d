package io.mcdrop.cli.common;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean ...?" for mistyped values: the closest of the accepted words by edit distance.
 *
 * <p>Every command uses it for enum-like values ({@code --ood nois}, {@code --strategy lop}, {@code
 * --data fashion-mnst}), so all suggestions read the same.
 */
public final class Suggest {
  private Suggest() {}

  /**
   * The accepted word closest to {@code typed} (case-insensitive), or empty when none is close: at
   * most 2 edits, and at most a third of the word's length (so "x" does not suggest "auto").
   */
  public static Optional<String> closest(String typed, Collection<String> accepted) {
    if (typed == null || typed.isBlank()) {
      return Optional.empty();
    }
    String t = typed.strip().toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String a : accepted) {
      int d = distance(t, a.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = a;
        bestDistance = d;
      }
    }
    int allowed = Math.min(2, Math.max(1, t.length() / 3));
    return best != null && bestDistance > 0 && bestDistance <= allowed
        ? Optional.of(best)
        : Optional.empty();
  }

  /** {@code " (did you mean X?)"}, or the empty string when nothing is close. */
  public static String didYouMean(String typed, Collection<String> accepted) {
    return closest(typed, accepted).map(s -> " (did you mean " + s + "?)").orElse("");
  }

  /** Damerau-Levenshtein distance (optimal string alignment): a swap of neighbours is one edit. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}

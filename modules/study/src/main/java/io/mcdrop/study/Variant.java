package io.mcdrop.study;

import io.mcdrop.trainer.arch.ArchSpec;
import io.mcdrop.trainer.arch.DropoutPlacement;
import io.mcdrop.trainer.arch.Token;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One point of the study grid: where dropout goes and at what rate ({@code rate} is 0 for {@link
 * DropoutPlacement#NONE}).
 */
public record Variant(DropoutPlacement placement, double rate) {

  /** Directory and table name, e.g. {@code head-0.3}, or {@code none}. */
  public String key() {
    return placement == DropoutPlacement.NONE
        ? "none"
        : placement.name().toLowerCase(Locale.ROOT) + "-" + rateText(rate);
  }

  /** What the placement means, in words, for the report. */
  public String description() {
    return switch (placement) {
      case NONE -> "no dropout";
      case HEAD -> "dropout in the classifier head";
      case CONV -> "dropout after each conv block";
      case ALL -> "dropout after each conv block and in the head";
      case SPATIAL -> "spatial (channel) dropout after each conv block plus dropout in the head";
    };
  }

  /**
   * The architecture with this variant's dropout. Spatial dropout also gets the head dropout here
   * (the trainer's {@code SPATIAL} placement covers conv blocks only), so that "spatial" compares
   * with "all" on equal terms: the two differ only in the kind of conv dropout.
   */
  public ArchSpec apply(ArchSpec base) {
    if (placement != DropoutPlacement.SPATIAL) {
      return base.withDropout(placement, rate);
    }
    ArchSpec spatial = base.withDropout(DropoutPlacement.SPATIAL, rate);
    ArchSpec head = base.withDropout(DropoutPlacement.HEAD, rate);
    List<List<Token>> out = new ArrayList<>();
    for (int b = 0; b < spatial.blocks().size(); b++) {
      out.add(merge(spatial.blocks().get(b), head.blocks().get(b)));
    }
    return new ArchSpec(out);
  }

  /**
   * Both blocks are the same dropout-free block with dropout added: copy {@code withConv} and put
   * each element-wise dropout of {@code withHead} after the same number of other tokens.
   */
  private static List<Token> merge(List<Token> withConv, List<Token> withHead) {
    List<Token> out = new ArrayList<>(withConv);
    int before = 0;
    for (Token t : withHead) {
      if (t.kind() != Token.Kind.DROP) {
        before++;
        continue;
      }
      int seen = 0;
      int at = 0;
      while (at < out.size() && seen < before) {
        if (!out.get(at).isDropout()) {
          seen++;
        }
        at++;
      }
      out.add(at, t);
    }
    return out;
  }

  /**
   * The grid: every placement at every rate, {@code none} once, in the order given, without
   * duplicates.
   */
  public static List<Variant> grid(List<DropoutPlacement> placements, List<Double> rates) {
    Set<Variant> out = new LinkedHashSet<>();
    for (DropoutPlacement p : placements) {
      if (p == DropoutPlacement.NONE) {
        out.add(new Variant(p, 0));
      } else {
        for (double r : rates) {
          out.add(new Variant(p, r));
        }
      }
    }
    return List.copyOf(out);
  }

  static String rateText(double r) {
    String s = String.format(Locale.ROOT, "%.4f", r).replaceAll("0+$", "");
    return s.endsWith(".") ? s + "0" : s;
  }
}

package io.mcdrop.study;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.trainer.arch.ArchSpec;
import io.mcdrop.trainer.arch.Architecture;
import io.mcdrop.trainer.arch.DropoutPlacement;
import io.mcdrop.trainer.arch.NetworkFactory;
import io.mcdrop.trainer.arch.Token;
import io.mcdrop.trainer.layers.Dropout;
import io.mcdrop.trainer.layers.Network;
import io.mcdrop.trainer.layers.SpatialDropout;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One point of the study grid: where dropout goes and at what rate ({@code rate} is 0 for {@link
 * Placement#NONE}; for {@link Placement#MATCHED} it is the head rate being matched).
 */
public record Variant(Placement placement, double rate) {
  public Variant {
    if (placement == Placement.NONE) {
      rate = 0;
    } else if (!(rate > 0 && rate < 1)) {
      throw new McdropException(
          ErrorCode.BAD_OPTION, "dropout rates must be in (0, 1), got " + rate);
    }
  }

  /** The grid of issue 11: every placement at the rates where it is usually tried. */
  public static final String STANDARD =
      "none,head-0.1,head-0.3,head-0.5,conv-0.05,conv-0.1,conv-0.2,spatial-0.05,spatial-0.1,"
          + "spatial-0.2,all-0.05,all-0.1,prebn-0.1,prebn-0.2,matched-head-0.5";

  /** Directory and table name: {@code none}, {@code head-0.3}, {@code matched-head-0.5}. */
  public String key() {
    return switch (placement) {
      case NONE -> "none";
      case MATCHED -> "matched-head-" + rateText(rate);
      default -> placement.key() + "-" + rateText(rate);
    };
  }

  public String description() {
    return placement.description();
  }

  /** Parses a key ({@code head-0.3}, {@code none}, {@code matched-head-0.5}). */
  public static Variant parse(String key) {
    String k = key.strip().toLowerCase(Locale.ROOT);
    if (k.equals("none")) {
      return new Variant(Placement.NONE, 0);
    }
    String prefix = k.startsWith("matched-head-") ? "matched-head" : null;
    int dash = prefix != null ? prefix.length() : k.indexOf('-');
    if (dash <= 0 || dash == k.length() - 1) {
      throw new McdropException(
          ErrorCode.BAD_OPTION,
          "variant '"
              + key
              + "': expected PLACEMENT-RATE (e.g. head-0.3, prebn-0.1), none or"
              + " matched-head-RATE");
    }
    Placement p = prefix != null ? Placement.MATCHED : Placement.parse(k.substring(0, dash));
    double r;
    try {
      r = Double.parseDouble(k.substring(dash + 1));
    } catch (NumberFormatException e) {
      throw new McdropException(
          ErrorCode.BAD_OPTION,
          "variant '" + key + "': '" + k.substring(dash + 1) + "' is no rate");
    }
    return new Variant(p, r);
  }

  /** Parses a comma-separated list of keys; {@code standard} stands for {@link #STANDARD}. */
  public static List<Variant> parseList(List<String> keys) {
    Set<Variant> out = new LinkedHashSet<>();
    for (String k : keys) {
      if (k.strip().equalsIgnoreCase("standard")) {
        for (String s : STANDARD.split(",")) {
          out.add(parse(s));
        }
      } else {
        out.add(parse(k));
      }
    }
    return List.copyOf(out);
  }

  /**
   * The grid: every placement at every rate, {@code none} once, in the order given, without
   * duplicates.
   */
  public static List<Variant> grid(List<Placement> placements, List<Double> rates) {
    Set<Variant> out = new LinkedHashSet<>();
    for (Placement p : placements) {
      if (p == Placement.NONE) {
        out.add(new Variant(p, 0));
      } else {
        for (double r : rates) {
          out.add(new Variant(p, r));
        }
      }
    }
    return List.copyOf(out);
  }

  /** The architecture with this variant's dropout (the base's own dropout removed). */
  public ArchSpec apply(Architecture base) {
    ArchSpec spec = base.spec();
    return switch (placement) {
      case NONE -> spec.withDropout(DropoutPlacement.NONE, 0);
      case HEAD -> spec.withDropout(DropoutPlacement.HEAD, rate);
      case CONV -> spec.withDropout(DropoutPlacement.CONV, rate);
      case SPATIAL -> spec.withDropout(DropoutPlacement.SPATIAL, rate);
      case ALL -> spec.withDropout(DropoutPlacement.ALL, rate);
      case PREBN -> beforeBatchNorm(spec.withDropout(DropoutPlacement.CONV, rate));
      case MATCHED -> spec.withDropout(DropoutPlacement.ALL, matchedRate(base));
    };
  }

  /**
   * The everywhere-rate of a {@link Placement#MATCHED} variant: head units x head rate / units at
   * every dropout site of {@link DropoutPlacement#ALL}, rounded to 4 decimals (the spec's
   * precision).
   */
  public double matchedRate(Architecture base) {
    double head = droppedUnits(base, base.spec().withDropout(DropoutPlacement.HEAD, rate));
    double unitsAll = droppedUnits(base, base.spec().withDropout(DropoutPlacement.ALL, 0.5)) / 0.5;
    double r = Math.round(head / unitsAll * 1e4) / 1e4;
    if (!(r > 0)) {
      throw new McdropException(
          ErrorCode.BAD_OPTION,
          "variant " + key() + ": the matched rate rounds to 0 for this architecture");
    }
    return r;
  }

  /** Expected units zeroed per image and forward pass by this variant's dropout layers. */
  public double droppedUnits(Architecture base) {
    return droppedUnits(base, apply(base));
  }

  private static double droppedUnits(Architecture base, ArchSpec spec) {
    Network net = NetworkFactory.build(new Architecture(base.name(), spec, base.input()), 0);
    double sum = 0;
    for (Network.Entry e : net.entries()) {
      if (e.layer() instanceof Dropout d) {
        sum += d.rate() * d.outputShape().size();
      } else if (e.layer() instanceof SpatialDropout d) {
        sum += d.rate() * d.outputShape().size();
      }
    }
    return sum;
  }

  /** Moves each block's trailing element-wise dropout to right after the block's convolution. */
  static ArchSpec beforeBatchNorm(ArchSpec withConvDropout) {
    List<List<Token>> out = new ArrayList<>();
    for (List<Token> block : withConvDropout.blocks()) {
      List<Token> b = new ArrayList<>(block);
      int conv = -1;
      for (int i = 0; i < b.size(); i++) {
        if (b.get(i).kind() == Token.Kind.CONV) {
          conv = i;
        }
      }
      Token last = b.get(b.size() - 1);
      if (conv >= 0 && last.kind() == Token.Kind.DROP) {
        b.remove(b.size() - 1);
        b.add(conv + 1, last);
      }
      out.add(b);
    }
    return new ArchSpec(out);
  }

  static String rateText(double r) {
    String s = String.format(Locale.ROOT, "%.4f", r).replaceAll("0+$", "");
    return s.endsWith(".") ? s + "0" : s;
  }
}

package io.mcdrop.trainer.arch;

import java.util.ArrayList;
import java.util.List;

/**
 * Where dropout goes in an architecture, for studies that keep everything else fixed.
 *
 * <p>Every placement first removes all dropout from the spec (drop/sdrop tokens and residual
 * blocks' inner rates), then adds it back:
 *
 * <ul>
 *   <li>{@link #NONE}: nowhere.
 *   <li>{@link #HEAD}: {@code drop<p>} after each hidden fully connected block; a head without
 *       hidden layers gets it right before the output layer.
 *   <li>{@link #CONV}: {@code drop<p>} at the end of every block with a plain convolution, and
 *       element-wise dropout inside residual blocks.
 *   <li>{@link #ALL}: {@link #HEAD} and {@link #CONV}.
 *   <li>{@link #SPATIAL}: like {@link #CONV} with channel dropout ({@code sdrop<p>}) instead.
 * </ul>
 */
public enum DropoutPlacement {
  NONE,
  HEAD,
  CONV,
  ALL,
  SPATIAL;

  ArchSpec apply(ArchSpec spec, double convRate, double headRate) {
    List<List<Token>> stripped = new ArrayList<>();
    for (List<Token> b : spec.blocks()) {
      List<Token> nb = new ArrayList<>();
      for (Token t : b) {
        if (t.isDropout()) {
          continue;
        }
        nb.add(t.kind() == Token.Kind.RES ? t.withInnerDropout(0, false) : t);
      }
      if (!nb.isEmpty()) {
        stripped.add(nb);
      }
    }
    boolean conv = this == CONV || this == ALL || this == SPATIAL;
    boolean head = this == HEAD || this == ALL;
    boolean spatial = this == SPATIAL;
    int lastFcBlock = lastFcBlock(stripped);
    boolean hiddenFc = false;
    for (int i = 0; i < lastFcBlock; i++) {
      hiddenFc |= has(stripped.get(i), Token.Kind.FC);
    }
    List<List<Token>> out = new ArrayList<>();
    for (int i = 0; i < stripped.size(); i++) {
      List<Token> b = new ArrayList<>(stripped.get(i));
      if (conv) {
        for (int j = 0; j < b.size(); j++) {
          if (b.get(j).kind() == Token.Kind.RES) {
            b.set(j, b.get(j).withInnerDropout(convRate, spatial));
          }
        }
        if (has(b, Token.Kind.CONV) && convRate > 0) {
          b.add(Token.drop(convRate, spatial));
        }
      }
      if (head && headRate > 0) {
        if (i < lastFcBlock && has(b, Token.Kind.FC)) {
          b.add(Token.drop(headRate, false));
        } else if (i == lastFcBlock && !hiddenFc) {
          b.add(b.size() - 1, Token.drop(headRate, false));
        }
      }
      out.add(b);
    }
    return new ArchSpec(out);
  }

  private static boolean has(List<Token> block, Token.Kind kind) {
    return block.stream().anyMatch(t -> t.kind() == kind);
  }

  private static int lastFcBlock(List<List<Token>> blocks) {
    for (int i = blocks.size() - 1; i >= 0; i--) {
      if (has(blocks.get(i), Token.Kind.FC)) {
        return i;
      }
    }
    return -1;
  }

  /** Parses {@code none|head|conv|all|spatial}, case-insensitive. */
  public static DropoutPlacement parse(String s) {
    for (DropoutPlacement p : values()) {
      if (p.name().equalsIgnoreCase(s.strip())) {
        return p;
      }
    }
    throw new io.mcdrop.errors.McdropException(
        io.mcdrop.errors.ErrorCode.BAD_OPTION,
        "unknown dropout placement '" + s + "'; expected none, head, conv, all or spatial");
  }
}

package io.mcdrop.study;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where a study variant puts its dropout. */
public enum Placement {
  /** Nowhere. */
  NONE("no dropout"),
  /** Element-wise dropout after each hidden fully connected layer. */
  HEAD("dropout in the classifier head"),
  /** Element-wise dropout at the end of every conv block: conv/bn/relu(/pool)/dropout. */
  CONV("element-wise dropout after each conv block (conv/bn/relu/dropout)"),
  /** Element-wise dropout between each conv and its batch norm: conv/dropout/bn/relu. */
  PREBN("element-wise dropout between each conv and its batch norm (conv/dropout/bn/relu)"),
  /** Channel dropout at the end of every conv block. */
  SPATIAL("channel (spatial) dropout after each conv block"),
  /** {@link #CONV} and {@link #HEAD}. */
  ALL("element-wise dropout after each conv block and in the head"),
  /**
   * {@link #ALL} at the one rate that zeroes as many units per forward pass, in expectation, as
   * {@link #HEAD} at this variant's rate: same magnitude, other location.
   */
  MATCHED("light dropout everywhere, as many units dropped as head dropout at the given rate");

  private final String description;

  Placement(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Placement parse(String s) {
    for (Placement p : values()) {
      if (p.key().equalsIgnoreCase(s.strip())) {
        return p;
      }
    }
    throw new McdropException(
        ErrorCode.BAD_OPTION,
        "unknown dropout placement '"
            + s
            + "'; expected one of "
            + Arrays.stream(values()).map(Placement::key).collect(Collectors.joining(", ")));
  }
}

package io.mcdrop.trainer.arch;

import io.mcdrop.trainer.tensor.Shape;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Named architectures with the input shape they were designed for. */
public enum Preset {
  /**
   * The default Fashion-MNIST net: three convs in two stages, dropout 0.5 in a 256-unit head (so MC
   * sampling only repeats the head).
   */
  FASHION(
      "conv32-bn-relu-pool, conv64-bn-relu, conv64-bn-relu-pool, fc256-relu-drop0.5, fc10",
      new Shape(1, 28, 28),
      "default Fashion-MNIST CNN (3 convs in 2 stages, dropout 0.5 in the 256-unit head)"),
  /**
   * The deep conv net of a common forum question: 4 stages of three 64-channel convs with BN, a
   * 128-unit head with dropout 0.5, for 3×64×64 input.
   */
  DEEPCONV(
      String.join(", ", java.util.Collections.nCopies(4, stage())) + ", fc128-relu-drop0.5, fc10",
      new Shape(3, 64, 64),
      "4 stages x 3 convs of 64 channels with BN, 128-unit head with dropout 0.5 (3x64x64)"),
  /** A small wide ResNet (WRN-10-2 style) with dropout between the convs of each block. */
  WRN(
      "conv16-bn-relu, res32d0.3, res64s2d0.3, res128s2d0.3, bn-relu-gap, fc10",
      new Shape(1, 28, 28),
      "small wide ResNet, dropout 0.3 between the convs of each residual block");

  private final String spec;
  private final Shape input;
  private final String description;

  Preset(String spec, Shape input, String description) {
    this.spec = spec;
    this.input = input;
    this.description = description;
  }

  private static String stage() {
    return "conv64-bn-relu, conv64-bn-relu, conv64-bn-relu-pool";
  }

  public ArchSpec spec() {
    return ArchSpec.parse(spec);
  }

  public Shape input() {
    return input;
  }

  public String description() {
    return description;
  }

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Preset> find(String name) {
    return Arrays.stream(values()).filter(p -> p.key().equalsIgnoreCase(name.strip())).findFirst();
  }

  public static String names() {
    return Arrays.stream(values()).map(Preset::key).collect(Collectors.joining(", "));
  }
}

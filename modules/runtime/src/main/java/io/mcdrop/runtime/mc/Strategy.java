package io.mcdrop.runtime.mc;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import java.util.Locale;

/** How MC samples are drawn; all give the same distribution, at different costs. */
public enum Strategy {
  /** Trunk-cached when the model splits at a frontier, else batched, else loop. */
  AUTO,
  /** T runs of the whole model: the reference, simple and slow. */
  LOOP,
  /** Each image tiled T times in one batch (each row draws its own masks), in micro-batches. */
  BATCHED,
  /** Deterministic trunk once per image, the stochastic head on the tiled frontier tensors. */
  TRUNK_CACHED;

  public static Strategy parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    return switch (t) {
      case "auto" -> AUTO;
      case "loop" -> LOOP;
      case "batched", "batch" -> BATCHED;
      case "trunk", "trunk_cached", "cached" -> TRUNK_CACHED;
      default ->
          throw new McdropException(
              ErrorCode.BAD_OPTION,
              "unknown strategy '" + text + "': expected auto, loop, batched or trunk");
    };
  }

  public String cliName() {
    return this == TRUNK_CACHED ? "trunk" : name().toLowerCase(Locale.ROOT);
  }
}

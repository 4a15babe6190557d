package io.mcdrop.runtime.session;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import java.util.Locale;

/**
 * Which execution provider to run on: {@code cpu}, {@code cuda[:device]} or {@code auto} (CUDA when
 * this build and host can, else CPU, saying so).
 */
public record ProviderSpec(Kind kind, int device) {
  public enum Kind {
    CPU,
    CUDA,
    AUTO
  }

  public static final ProviderSpec CPU = new ProviderSpec(Kind.CPU, 0);

  public static ProviderSpec parse(String text) {
    String t = text == null ? "cpu" : text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("cpu")) {
      return CPU;
    }
    if (t.equals("auto")) {
      return new ProviderSpec(Kind.AUTO, 0);
    }
    if (t.equals("cuda") || t.startsWith("cuda:")) {
      int device = 0;
      if (t.startsWith("cuda:")) {
        try {
          device = Integer.parseInt(t.substring(5));
        } catch (NumberFormatException e) {
          device = -1;
        }
        if (device < 0) {
          throw new McdropException(
              ErrorCode.BAD_OPTION, "bad CUDA device in '" + text + "': expected cuda:<0,1,...>");
        }
      }
      return new ProviderSpec(Kind.CUDA, device);
    }
    throw new McdropException(
        ErrorCode.BAD_OPTION,
        "unknown provider '" + text + "': expected cpu, cuda[:device] or auto");
  }

  @Override
  public String toString() {
    return switch (kind) {
      case CPU -> "cpu";
      case AUTO -> "auto";
      case CUDA -> "cuda:" + device;
    };
  }
}

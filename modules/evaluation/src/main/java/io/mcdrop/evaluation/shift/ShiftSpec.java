package io.mcdrop.evaluation.shift;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A rotation sweep, {@code rotate:FROM:TO:STEP} in degrees (e.g. {@code rotate:0:180:15}).
 *
 * @param from first angle
 * @param to last angle (included when the steps land on it)
 * @param step increment, positive
 */
public record ShiftSpec(double from, double to, double step) {
  /** A sweep with more points than this is surely a typo. */
  public static final int MAX_POINTS = 181;

  public static final String SYNTAX = "rotate:FROM:TO:STEP in degrees, e.g. rotate:0:180:15";

  public ShiftSpec {
    if (!(step > 0) || !Double.isFinite(from) || !Double.isFinite(to) || to < from) {
      throw new McdropException(
          ErrorCode.BAD_OPTION,
          "a rotation sweep needs FROM <= TO and STEP > 0, got rotate:"
              + from
              + ":"
              + to
              + ":"
              + step);
    }
    if ((to - from) / step + 1 > MAX_POINTS) {
      throw new McdropException(
          ErrorCode.BAD_OPTION,
          "rotation sweep rotate:"
              + from
              + ":"
              + to
              + ":"
              + step
              + " has more than "
              + MAX_POINTS
              + " angles; use a larger step");
    }
  }

  public static ShiftSpec parse(String text) {
    String[] parts = text.strip().split(":");
    if (parts.length != 4 || !parts[0].toLowerCase(Locale.ROOT).equals("rotate")) {
      throw new McdropException(ErrorCode.BAD_OPTION, "'" + text + "' is not " + SYNTAX);
    }
    double[] v = new double[3];
    for (int i = 0; i < 3; i++) {
      try {
        v[i] = Double.parseDouble(parts[i + 1].strip());
      } catch (NumberFormatException e) {
        throw new McdropException(
            ErrorCode.BAD_OPTION,
            "'" + text + "': '" + parts[i + 1] + "' is not a number; expected " + SYNTAX);
      }
    }
    return new ShiftSpec(v[0], v[1], v[2]);
  }

  /** The angles of the sweep, {@code from} first. */
  public List<Double> angles() {
    List<Double> out = new ArrayList<>();
    // stepping by index avoids accumulating rounding error; 1e-9 keeps an exact end point
    for (int i = 0; from + i * step <= to + 1e-9; i++) {
      out.add(from + i * step);
    }
    return out;
  }

  public String text() {
    return String.format(Locale.ROOT, "rotate:%s:%s:%s", num(from), num(to), num(step));
  }

  private static String num(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}

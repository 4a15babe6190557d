package io.mcdrop.cli;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import java.io.PrintWriter;

/**
 * The one place where the CLI turns a failure into what the user sees: one {@code error:} line, a
 * {@code hint:} naming the CLI's own flags where the library's message cannot (libraries speak of
 * the library, not of {@code --samples}), the documented exit code ({@link ExitCodes}), and a stack
 * trace only with {@code --verbose}.
 */
public final class ErrorTranslator {
  private ErrorTranslator() {}

  /** The build command for the GPU variant, exactly as the README gives it. */
  public static final String GPU_BUILD = "./mvnw -Pgpu -DskipTests -pl cli -am package";

  /** What the CLI can add to an error of this code: the flag that gets the user further. */
  record Hint(String flag, String text) {}

  static Hint hint(ErrorCode code) {
    return switch (code) {
      case NO_DROPOUT, DROPOUT_NOT_ALIVE ->
          new Hint(
              "--samples 1", "--samples 1 runs the model deterministically, without MC dropout");
      case PROVIDER_UNAVAILABLE ->
          new Hint(
              "--provider cpu",
              "use --provider cpu (or --provider auto to fall back to the CPU), or build the GPU"
                  + " variant with "
                  + GPU_BUILD);
      case NOT_A_CLASSIFIER ->
          new Hint(
              "--size",
              "for a model whose metadata does not say how to read an image, give --size HxW"
                  + " --channels 1|3 [--mean M --std S]");
      default -> null;
    };
  }

  /** The message with the CLI's hint appended (unless the message already names the flag). */
  public static String message(McdropException e) {
    String msg = e.getMessage() == null ? e.code().name() : e.getMessage();
    Hint h = hint(e.code());
    return h == null || msg.contains(h.flag()) ? msg : msg + "\nhint: " + h.text();
  }

  /** Prints a failure that ends the command and returns its exit code. */
  public static int report(Throwable t, PrintWriter err, boolean verbose) {
    int exit;
    if (t instanceof McdropException m) {
      err.println("error: " + message(m));
      exit = ExitCodes.of(m.code());
    } else if (t instanceof OutOfMemoryError) {
      err.println(
          "error: out of memory ("
              + t.getMessage()
              + "); give Java more heap, e.g. MCDROP_JAVA_OPTS=-Xmx4g, or fewer inputs at once");
      exit = ExitCodes.INTERNAL;
    } else {
      err.println(
          "internal error: " + t + (verbose ? "" : " (run with --verbose for the stack trace)"));
      exit = ExitCodes.INTERNAL;
    }
    if (verbose) {
      t.printStackTrace(err);
    }
    err.flush();
    return exit;
  }

  /** The one line reported for an input that failed while the others carry on. */
  public static String inputFailure(Throwable t) {
    if (t instanceof McdropException m) {
      return message(m);
    }
    if (t instanceof OutOfMemoryError) {
      return "too large to decode in the available memory (" + t.getMessage() + ")";
    }
    return "internal error: " + t;
  }
}

package io.mcdrop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** How failures reach the user: one line, the documented exit code, CLI flags in the hints. */
class ErrorsTest {
  @Command(name = "boom")
  static final class Boom implements Callable<Integer> {
    final Throwable t;

    Boom(Throwable t) {
      this.t = t;
    }

    @Override
    public Integer call() throws Exception {
      if (t instanceof Error e) {
        throw e;
      }
      throw (Exception) t;
    }
  }

  private static CliHarness.Run run(Throwable t, String... extra) {
    CommandLine cl = Main.commandLine();
    cl.addSubcommand(new Boom(t));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    String[] args = new String[extra.length + 1];
    args[0] = "boom";
    System.arraycopy(extra, 0, args, 1, extra.length);
    return new CliHarness.Run(cl.execute(args), out.toString(), err.toString());
  }

  @Test
  void anOutOfMemoryErrorIsOneLineAndExitFiveWithoutVerbose() {
    CliHarness.Run r = run(new OutOfMemoryError("Java heap space"));
    assertEquals(ExitCodes.INTERNAL, r.exit());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().startsWith("error: out of memory"), r.err());
    CliHarness.Run v = run(new OutOfMemoryError("Java heap space"), "--verbose");
    assertTrue(v.err().contains("\tat "), "stack trace with --verbose: " + v.err());
  }

  @Test
  void anyOtherFailureIsOneLineWithoutVerbose() {
    CliHarness.Run r = run(new IllegalStateException("bug"));
    assertEquals(ExitCodes.INTERNAL, r.exit());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertFalse(r.err().contains("\tat "));
    CliHarness.Run s = run(new StackOverflowError());
    assertEquals(ExitCodes.INTERNAL, s.exit());
    assertFalse(s.err().contains("\tat "), s.err());
  }

  @Test
  void libraryErrorsGetTheCliFlagThatHelpsOnce() {
    CliHarness.Run r =
        run(new McdropException(ErrorCode.NO_DROPOUT, "model 'm' has no Dropout nodes"));
    assertEquals(ExitCodes.MODEL, r.exit());
    assertTrue(r.err().contains("hint: --samples 1"), r.err());
    CliHarness.Run said =
        run(new McdropException(ErrorCode.NO_DROPOUT, "no dropout; use --samples 1"));
    assertFalse(said.err().contains("hint:"), "not said twice: " + said.err());
  }

  @Test
  void everyErrorCodeHasAnExitCodeAndUserErrorsAreNotInternal() {
    for (ErrorCode c : ErrorCode.values()) {
      int exit = ExitCodes.of(c);
      assertTrue(exit >= 1 && exit <= 5, c.name());
      if (c != ErrorCode.INTERNAL && c != ErrorCode.ENGINE_FAILURE) {
        assertTrue(exit != ExitCodes.INTERNAL, c + " is the user's to fix, not internal");
      }
    }
  }
}

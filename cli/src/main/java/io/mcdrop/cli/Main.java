package io.mcdrop.cli;

import io.mcdrop.cli.classify.ClassifyCommand;
import io.mcdrop.cli.common.Suggest;
import io.mcdrop.cli.evaluate.EvaluateCommand;
import io.mcdrop.cli.inspect.InspectCommand;
import io.mcdrop.cli.study.StudyCommand;
import io.mcdrop.runtime.session.EngineThreads;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code mcdrop} command. */
@Command(
    name = "mcdrop",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description =
        "Image classification with honest uncertainty: Monte Carlo dropout on ONNX Runtime.",
    subcommands = {
      ClassifyCommand.class,
      InspectCommand.class,
      EvaluateCommand.class,
      io.mcdrop.cli.calibrate.CalibrateCommand.class,
      StudyCommand.class,
      io.mcdrop.cli.advise.AdviseCommand.class,
      io.mcdrop.cli.serve.ServeCommand.class,
      io.mcdrop.cli.train.TrainCommand.class,
      io.mcdrop.cli.train.ExportCommand.class,
      io.mcdrop.cli.batch.BatchCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 ok, 1 some inputs failed, 2 usage error, 3 model problem,",
      "            4 execution provider unavailable, 5 internal error."
    })
public final class Main implements Runnable {
  @Option(
      names = "--verbose",
      scope = CommandLine.ScopeType.INHERIT,
      description = "Show stack traces for errors (default: off, one line per error).")
  boolean verbose;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) throws InterruptedException {
    // ONNX Runtime's native initialisation can overflow a small thread stack (see EngineThreads),
    // so the command runs on a thread with a large one, however the JVM was launched.
    int[] exit = {ExitCodes.INTERNAL};
    Thread worker =
        EngineThreads.create(() -> exit[0] = commandLine().execute(args), "mcdrop-main");
    worker.setDaemon(false);
    worker.start();
    worker.join();
    System.exit(exit[0]);
  }

  /** The configured command line (also what tests execute). */
  public static CommandLine commandLine() {
    Main main = new Main();
    CommandLine cl = new CommandLine(main);
    HelpLayout.apply(cl);
    // Picocli hands only Exceptions to the handler; an Error (OutOfMemoryError from a huge image,
    // say) would escape with a full stack trace, so it is wrapped here and reported like the rest.
    CommandLine.IExecutionStrategy run = new CommandLine.RunLast();
    cl.setExecutionStrategy(
        parseResult -> {
          try {
            return run.execute(parseResult);
          } catch (Error e) {
            throw new CommandLine.ExecutionException(cl, e.toString(), e);
          }
        });
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          Throwable t =
              ex instanceof CommandLine.ExecutionException && ex.getCause() instanceof Error
                  ? ex.getCause()
                  : ex;
          return ErrorTranslator.report(t, commandLine.getErr(), main.verbose);
        });
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          PrintWriter err = ex.getCommandLine().getErr();
          err.println("error: " + ex.getMessage() + suggestion(ex));
          CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
          err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
          err.flush();
          return ExitCodes.USAGE;
        });
    return cl;
  }

  /** "Did you mean" for a bad value of an option with a fixed set of values (enums). */
  private static String suggestion(CommandLine.ParameterException ex) {
    CommandLine.Model.ArgSpec arg = ex.getArgSpec();
    if (arg == null || ex.getValue() == null || ex.getMessage().contains("did you mean")) {
      return "";
    }
    List<String> words = new ArrayList<>();
    if (arg.completionCandidates() != null) {
      arg.completionCandidates().forEach(words::add);
    }
    return Suggest.didYouMean(ex.getValue(), words);
  }

  /** Version from the jar manifest, falling back to the development version. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"mcdrop " + (v == null ? "0.1.0-SNAPSHOT" : v)};
    }
  }
}

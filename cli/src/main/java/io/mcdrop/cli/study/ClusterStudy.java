package io.mcdrop.cli.study;

import io.mcdrop.cli.Main;
import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.spark.session.SparkBatch;
import io.mcdrop.spark.tasks.SparkTasks;
import io.mcdrop.study.run.StudyRunner;
import io.mcdrop.study.run.StudyUnit;
import io.mcdrop.study.run.VariantResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import picocli.CommandLine;

/**
 * {@code mcdrop study --master M}: every (variant, seed) unit not done yet becomes one Spark task.
 * The driver checks the study and claims the output folder first; each executor JVM rebuilds the
 * study once from the same arguments and runs {@link StudyRunner#runUnit} for the units it is
 * handed, writing into the shared output folder; the driver then collects the results as after a
 * local run. Resuming works as locally: done units are not handed out again, an interrupted one
 * resumes from its checkpoint.
 */
final class ClusterStudy {
  private ClusterStudy() {}

  static StudyRunner.Outcome run(
      String master, StudyRunner runner, List<String> args, Path out, PrintWriter err) {
    String problem = SparkBatch.problem();
    if (problem != null) {
      throw new McdropException(ErrorCode.BAD_OPTION, "--master: " + problem);
    }
    runner.prepare();
    List<String> todo = new ArrayList<>();
    for (StudyUnit u : runner.units()) {
      if (runner.isDone(u)) {
        err.println("study [" + u.key() + "] already done, not retrained");
      } else {
        todo.add(u.key());
      }
    }
    err.println("study " + todo.size() + " unit(s) as Spark tasks on " + master);
    err.flush();
    SparkBatch.quietLogs();
    for (String report :
        SparkTasks.run(master, "mcdrop study", todo, new UnitTask(forExecutors(args, out)))) {
      err.println(report);
    }
    err.flush();
    return runner.collect();
  }

  /** The arguments without {@code --master}, with {@code --out} absolute (workers' cwd differ). */
  static ArrayList<String> forExecutors(List<String> args, Path out) {
    ArrayList<String> a = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String s = args.get(i);
      if (s.equals("--master") || s.equals("--out")) {
        i++;
      } else if (!s.startsWith("--master=") && !s.startsWith("--out=")) {
        a.add(s);
      }
    }
    a.add("--out");
    a.add(out.toAbsolutePath().toString());
    return a;
  }

  /** One unit on an executor: the study is rebuilt once per executor JVM from the arguments. */
  static final class UnitTask implements SparkTasks.UnitTask {
    private static final long serialVersionUID = 1L;
    private static final Map<List<String>, StudyRunner> RUNNERS = new ConcurrentHashMap<>();
    private final ArrayList<String> args;

    UnitTask(ArrayList<String> args) {
      this.args = args;
    }

    @Override
    public String run(String key) throws Exception {
      StudyRunner runner = RUNNERS.computeIfAbsent(args, UnitTask::rebuild);
      StudyUnit unit =
          runner.units().stream()
              .filter(u -> u.key().equals(key))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("no unit " + key + " in this study"));
      VariantResult r = runner.runUnit(unit);
      return String.format(
          Locale.ROOT,
          "study [%s] done on %s: test accuracy %.2f%%, NLL %.4f",
          key,
          java.net.InetAddress.getLocalHost().getHostName()
              + " pid "
              + ProcessHandle.current().pid(),
          100 * r.best().accuracy(),
          r.best().nll());
    }

    private static StudyRunner rebuild(List<String> args) {
      CommandLine.ParseResult parsed = Main.commandLine().parseArgs(args.toArray(new String[0]));
      while (parsed.hasSubcommand()) {
        parsed = parsed.subcommand();
      }
      StudyCommand study = (StudyCommand) parsed.commandSpec().userObject();
      PrintWriter err = new PrintWriter(System.err, true);
      try {
        StudyRunner r = study.runner(line -> err.println("study " + line), true, err);
        r.prepare();
        return r;
      } catch (java.io.IOException e) {
        throw new McdropException(
            ErrorCode.NOT_FOUND, "cannot open the study: " + e.getMessage(), e);
      }
    }
  }
}

package io.mcdrop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.mcdrop.evaluation.EvaluationConfig;
import io.mcdrop.runtime.mc.McOptions;
import io.mcdrop.runtime.verdict.VerdictPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** {@code --help} of every command: complete, copy-pasteable, and saying every default. */
class HelpTest {
  private static Map<String, CommandLine> subcommands() {
    return Main.commandLine().getSubcommands();
  }

  private static String squash(String s) {
    return s.replaceAll("\\s+", " ").strip();
  }

  @Test
  void topLevelHelpShowsEveryCommandsWholeSummary() {
    CliHarness.Run r = CliHarness.run("--help");
    assertEquals(0, r.exit());
    String help = squash(r.out());
    subcommands()
        .forEach(
            (name, cl) -> {
              if (name.equals("help")) {
                return; // picocli's own
              }
              String[] d = cl.getCommandSpec().usageMessage().description();
              assertTrue(d.length > 0, name + " has a description");
              assertTrue(d[0].strip().endsWith("."), name + ": first line is a whole sentence");
              assertTrue(help.contains(squash(d[0])), name + " summary cut in: " + r.out());
            });
  }

  /** The example commands of a help text, continuation lines ({@code \}) joined. */
  static List<String> examples(String help) {
    List<String> out = new ArrayList<>();
    StringBuilder cmd = null;
    for (String line : help.split("\\R")) {
      if (cmd == null && line.startsWith("  mcdrop ")) {
        cmd = new StringBuilder();
      }
      if (cmd != null) {
        boolean more = line.stripTrailing().endsWith("\\");
        String part = line.strip();
        cmd.append(more ? part.substring(0, part.length() - 1) : part).append(' ');
        if (!more) {
          out.add(cmd.toString().strip());
          cmd = null;
        }
      }
    }
    return out;
  }

  /** Splits a command line as a POSIX shell would for plain words and '...' or "..." quotes. */
  static List<String> words(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder w = null;
    char quote = 0;
    for (char c : line.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          w.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        w = w == null ? new StringBuilder() : w;
      } else if (c == ' ') {
        if (w != null) {
          out.add(w.toString());
          w = null;
        }
      } else {
        w = w == null ? new StringBuilder() : w;
        w.append(c);
      }
    }
    if (w != null) {
      out.add(w.toString());
    }
    return out;
  }

  @Test
  void everyExampleInEveryHelpIsPrintedWholeAndParses() {
    int checked = 0;
    for (Map.Entry<String, CommandLine> e : subcommands().entrySet()) {
      CliHarness.Run r = CliHarness.run(e.getKey(), "--help");
      assertEquals(0, r.exit(), e.getKey());
      for (String footer : e.getValue().getCommandSpec().usageMessage().footer()) {
        if (footer.startsWith(" ")) {
          assertTrue(
              r.out().lines().anyMatch(l -> l.equals(footer.stripTrailing())),
              e.getKey() + ": example line printed as written: " + footer + "\n" + r.out());
        }
      }
      for (String example : examples(r.out())) {
        List<String> args = words(example);
        assertEquals("mcdrop", args.remove(0));
        try {
          Main.commandLine().parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException x) {
          fail(e.getKey() + ": example does not parse: " + example + ": " + x.getMessage());
        }
        checked++;
      }
    }
    assertTrue(checked >= 6, "examples found: " + checked);
  }

  /** Every option of the commands the CLI owns (the others can join) states its default. */
  @Test
  void everyOptionSaysItsDefault() {
    List<String> missing = new ArrayList<>();
    for (String name : List.of("classify", "evaluate", "inspect")) {
      CommandSpec spec = subcommands().get(name).getCommandSpec();
      for (OptionSpec o : spec.options()) {
        if (o.usageHelp() || o.versionHelp() || o.hidden()) {
          continue;
        }
        String d = String.join(" ", o.description());
        if (!d.contains("default") && !o.required()) {
          missing.add(name + " " + o.longestName() + ": " + d);
        }
      }
    }
    assertTrue(
        missing.isEmpty(), "options without a stated default:\n" + String.join("\n", missing));
  }

  @Test
  void sharedOptionsTakeTheirDefaultsFromTheLibrarysConfigRecords() {
    for (Map.Entry<String, CommandLine> e : subcommands().entrySet()) {
      OptionSpec samples = e.getValue().getCommandSpec().findOption("--samples");
      if (samples != null && samples.defaultValue() != null) {
        // either no picocli default (the library's applies) or the library's constant
        assertEquals(String.valueOf(McOptions.DEFAULT_SAMPLES), samples.defaultValue(), e.getKey());
      }
    }
    CommandSpec classify = subcommands().get("classify").getCommandSpec();
    assertEquals(
        String.valueOf(McOptions.DEFAULT_TOP_K), classify.findOption("--top-k").defaultValue());
    assertEquals(null, classify.findOption("--tolerance").defaultValue(), "library default");
    assertEquals(null, classify.findOption("--strategy").defaultValue(), "library default");
    CommandSpec evaluate = subcommands().get("evaluate").getCommandSpec();
    assertEquals(
        String.valueOf(EvaluationConfig.DEFAULT_SEED),
        evaluate.findOption("--seed").defaultValue());
    assertEquals(
        String.valueOf(EvaluationConfig.DEFAULT_OOD_LIMIT),
        evaluate.findOption("--ood-limit").defaultValue());
    VerdictPolicy v = VerdictPolicy.DEFAULT;
    assertTrue(
        squash(String.join(" ", classify.findOption("--epistemic-threshold").description()))
            .endsWith("else " + v.epistemic() + ")."),
        "the help states the library's verdict default");
    assertTrue(
        squash(String.join(" ", classify.findOption("--aleatoric-threshold").description()))
            .endsWith("else " + v.aleatoric() + ")."));
    assertEquals(null, classify.findOption("--epistemic-threshold").defaultValue());
    CliHarness.Run help = CliHarness.run("classify", "--help");
    assertTrue(help.out().contains("(default: " + McOptions.DEFAULT_SAMPLES + ","), help.out());
    assertFalse(help.out().contains("${"), "every variable interpolated: " + help.out());
  }
}

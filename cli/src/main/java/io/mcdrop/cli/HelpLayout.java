package io.mcdrop.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * How every command's {@code --help} is laid out. Picocli wraps the footer at the usage width,
 * which breaks long example commands mid-argument; here an indented footer line (an example, or the
 * continuation of one) is printed exactly as written so it can be copied, and only prose is
 * wrapped.
 */
final class HelpLayout {
  private HelpLayout() {}

  /** Installs the layout on a command line and all of its subcommands. */
  static void apply(CommandLine cl) {
    cl.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_FOOTER, HelpLayout::footer);
    for (CommandLine sub : cl.getSubcommands().values()) {
      apply(sub);
    }
  }

  static String footer(CommandLine.Help help) {
    UsageMessageSpec usage = help.commandSpec().usageMessage();
    int width = usage.width();
    StringBuilder sb = new StringBuilder();
    for (String line : usage.footer()) {
      for (String l : line.split("\\R", -1)) {
        if (l.startsWith(" ")) {
          sb.append(l.stripTrailing()).append(System.lineSeparator());
        } else {
          wrap(l, width).forEach(w -> sb.append(w).append(System.lineSeparator()));
        }
      }
    }
    return sb.toString();
  }

  /** Greedy word wrap of prose at {@code width} columns. */
  static List<String> wrap(String text, int width) {
    List<String> out = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.strip().split(" +")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        out.add(line.toString());
        line.setLength(0);
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(word);
    }
    out.add(line.toString());
    return out;
  }
}

package io.mcdrop.cli.common;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on stderr for long work, shown only on an interactive terminal so that pipes, logs
 * and tests stay clean.
 */
public final class Progress implements AutoCloseable {
  private final ProgressBar bar;

  private Progress(ProgressBar bar) {
    this.bar = bar;
  }

  public static Progress start(String task, long total, boolean enabled) {
    if (!enabled || System.console() == null || total <= 1) {
      return new Progress(null);
    }
    return new Progress(
        new ProgressBarBuilder()
            .setTaskName(task)
            .setInitialMax(total)
            .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
            .setUpdateIntervalMillis(200)
            .continuousUpdate()
            .build());
  }

  public void step(long n, String extra) {
    if (bar != null) {
      bar.stepBy(n);
      if (extra != null) {
        bar.setExtraMessage(extra);
      }
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}

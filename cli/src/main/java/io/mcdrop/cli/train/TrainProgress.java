package io.mcdrop.cli.train;

import io.mcdrop.trainer.config.EpochStats;
import io.mcdrop.trainer.train.TrainingEvent;
import io.mcdrop.trainer.train.TrainingListener;
import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Renders the trainer's events for {@code mcdrop train} and {@code mcdrop study}: on a terminal a
 * progress bar per epoch (me.tongfei:progressbar, redrawn in place) with the running loss, accuracy
 * and speed; otherwise (a pipe, a nohup log) a plain line every tenth of an epoch. Epoch summaries
 * and notices are plain lines in both cases.
 */
public final class TrainProgress implements TrainingListener {
  private final PrintStream out;
  private final boolean terminal;
  private ProgressBar bar;
  private int barEpoch = -1;
  private int lastTenth = -1;

  /**
   * @param terminal whether {@code out} is an interactive terminal (draw a bar) or not (lines)
   */
  public TrainProgress(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  /** Progress on stderr, as a bar only when there is a console. */
  public static TrainProgress stderr() {
    return new TrainProgress(System.err, System.console() != null);
  }

  @Override
  public void on(TrainingEvent event) {
    if (event instanceof TrainingEvent.BatchDone b) {
      batch(b);
    } else if (event instanceof TrainingEvent.EpochDone e) {
      closeBar();
      line(epochLine(e));
    } else if (event instanceof TrainingEvent.Notice n) {
      closeBar();
      line(n.text());
    }
  }

  private void batch(TrainingEvent.BatchDone b) {
    String stats =
        String.format(
            Locale.ROOT,
            "loss %.4f acc %.2f%% %.0f img/s",
            b.loss(),
            100 * b.accuracy(),
            b.imagesPerSecond());
    if (terminal) {
      if (bar == null || barEpoch != b.epoch()) {
        closeBar();
        bar =
            new ProgressBarBuilder()
                .setTaskName("epoch " + b.epoch() + "/" + b.epochs())
                .setInitialMax(b.batches())
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(200)
                .setConsumer(new ConsoleProgressBarConsumer(out))
                .build();
        barEpoch = b.epoch();
      }
      bar.stepTo(b.batch());
      bar.setExtraMessage(stats);
      return;
    }
    int tenth = (int) (10L * b.batch() / b.batches());
    if (tenth != lastTenth || b.batch() == b.batches()) {
      lastTenth = tenth;
      line(
          String.format(
              Locale.ROOT,
              "epoch %d/%d batch %d/%d %s",
              b.epoch(),
              b.epochs(),
              b.batch(),
              b.batches(),
              stats));
    }
  }

  static String epochLine(TrainingEvent.EpochDone e) {
    EpochStats s = e.stats();
    return String.format(
        Locale.ROOT,
        "epoch %d/%d: train loss %.4f acc %.2f%% | val loss %.4f acc %.2f%% | lr %.4g | %.0fs",
        s.epoch(),
        e.epochs(),
        s.trainLoss(),
        100 * s.trainAccuracy(),
        s.valLoss(),
        100 * s.valAccuracy(),
        s.lr(),
        s.seconds());
  }

  private void closeBar() {
    if (bar != null) {
      bar.close();
      bar = null;
      barEpoch = -1;
    }
    lastTenth = -1;
  }

  private void line(String text) {
    out.println(text);
    out.flush();
  }
}

package io.mcdrop.trainer.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar with running loss and accuracy. On a terminal it redraws in place; when
 * stderr is a file (a nohup log) it prints a line every tenth of the epoch instead.
 */
public final class ProgressBar {
  private static final int WIDTH = 24;
  private final PrintStream out;
  private final boolean interactive;
  private long lastDraw;
  private int lastTenth = -1;
  private int batchSizeHint = 64;

  public ProgressBar(PrintStream out, boolean interactive) {
    this.out = out;
    this.interactive = interactive;
  }

  /** A bar on stderr, redrawing in place only when there is a console. */
  public static ProgressBar stderr() {
    return new ProgressBar(System.err, System.console() != null);
  }

  /** A bar that prints nothing. */
  public static ProgressBar silent() {
    return new ProgressBar(null, false);
  }

  public void update(
      int epoch, int epochs, int batch, int batches, double loss, double acc, double imgPerSec) {
    if (out == null) {
      return;
    }
    long now = System.nanoTime();
    int tenth = (int) (10L * batch / batches);
    boolean done = batch == batches;
    if (interactive) {
      if (!done && now - lastDraw < 200_000_000L) {
        return;
      }
    } else if (!done && tenth == lastTenth) {
      return;
    }
    lastDraw = now;
    lastTenth = tenth;
    int filled = (int) ((long) WIDTH * batch / batches);
    double etaSec = imgPerSec > 0 ? (batches - batch) * (double) batchSizeHint / imgPerSec : 0;
    String line =
        String.format(
            Locale.ROOT,
            "epoch %d/%d [%s%s] %d/%d loss %.4f acc %.2f%% %.0f img/s eta %s",
            epoch,
            epochs,
            "=".repeat(filled),
            " ".repeat(WIDTH - filled),
            batch,
            batches,
            loss,
            100 * acc,
            imgPerSec,
            formatSeconds(etaSec));
    if (interactive) {
      out.print("\r" + line + (done ? "\n" : ""));
    } else {
      out.println(line);
    }
    out.flush();
  }

  /** The batch size, used to turn remaining batches into an ETA. */
  public void setBatchSize(int b) {
    this.batchSizeHint = b;
  }

  public void message(String text) {
    if (out != null) {
      out.println(text);
      out.flush();
    }
  }

  static String formatSeconds(double s) {
    long t = Math.round(s);
    return t >= 60 ? (t / 60) + "m" + String.format(Locale.ROOT, "%02d", t % 60) + "s" : t + "s";
  }
}

package io.mcdrop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcdrop.cli.train.TrainProgress;
import io.mcdrop.trainer.config.EpochStats;
import io.mcdrop.trainer.train.TrainingEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Without a terminal, training progress is plain lines: a tenth of an epoch each, no redraws. */
class TrainProgressTest {
  @Test
  void plainLinesWhenNotATerminal() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TrainProgress p =
        new TrainProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
    p.on(new TrainingEvent.Notice("training small"));
    for (int b = 1; b <= 40; b++) {
      p.on(new TrainingEvent.BatchDone(1, 3, b, 40, b * 32L, 1280, 0.5, 0.8, 1000));
    }
    p.on(new TrainingEvent.EpochDone(3, new EpochStats(1, 0.5, 0.8, 0.45, 0.82, 0.01, 1.3)));
    String out = bytes.toString(StandardCharsets.UTF_8);
    List<String> lines = out.lines().toList();
    assertEquals("training small", lines.get(0));
    assertEquals(13, lines.size(), out); // notice, tenths 0 to 10, epoch line
    assertTrue(lines.get(11).startsWith("epoch 1/3 batch 40/40 loss 0.5000 acc 80.00%"), out);
    assertTrue(
        lines.get(12).startsWith("epoch 1/3: train loss 0.5000 acc 80.00% | val loss 0.4500"), out);
    assertTrue(!out.contains("\r"), "no carriage returns outside a terminal");
  }
}

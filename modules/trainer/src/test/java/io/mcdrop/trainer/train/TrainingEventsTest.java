package io.mcdrop.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The trainer reports through events, in order, and prints nothing itself. */
class TrainingEventsTest {
  @Test
  void everyBatchAndEpochIsReportedWithItsNumbers() {
    List<TrainingEvent> events = new ArrayList<>();
    java.io.PrintStream realOut = System.out;
    java.io.PrintStream realErr = System.err;
    java.io.ByteArrayOutputStream console = new java.io.ByteArrayOutputStream();
    java.io.PrintStream capture = new java.io.PrintStream(console, true);
    TrainJob.Result r;
    System.setOut(capture);
    System.setErr(capture);
    try {
      r =
          TrainJob.builder()
              .data("synthetic:200")
              .architecture(TrainJobTest.SMALL)
              .config(TrainJobTest.config().epochs(2).valSplit(0.2).build())
              .events(events::add)
              .build()
              .run();
    } finally {
      System.setOut(realOut);
      System.setErr(realErr);
    }
    // 160 training images at batch 32: five batches per epoch.
    List<TrainingEvent.BatchDone> batches =
        events.stream()
            .filter(e -> e instanceof TrainingEvent.BatchDone)
            .map(e -> (TrainingEvent.BatchDone) e)
            .toList();
    assertEquals(10, batches.size());
    TrainingEvent.BatchDone last = batches.get(batches.size() - 1);
    assertEquals(2, last.epoch());
    assertEquals(5, last.batch());
    assertEquals(5, last.batches());
    assertEquals(160, last.images());
    assertEquals(160, last.imagesInEpoch());
    List<TrainingEvent.EpochDone> epochs =
        events.stream()
            .filter(e -> e instanceof TrainingEvent.EpochDone)
            .map(e -> (TrainingEvent.EpochDone) e)
            .toList();
    assertEquals(2, epochs.size());
    assertEquals(r.history(), epochs.stream().map(TrainingEvent.EpochDone::stats).toList());
    // The epoch summary follows its last batch.
    int lastBatchOfEpoch1 = events.indexOf(batches.get(4));
    assertTrue(events.get(lastBatchOfEpoch1 + 1) instanceof TrainingEvent.EpochDone);
    assertTrue(
        events.get(0) instanceof TrainingEvent.Notice n && n.text().startsWith("BLAS: "),
        events.get(0).toString());
    assertTrue(
        events.get(1) instanceof TrainingEvent.Notice n && n.text().startsWith("training "),
        events.get(1).toString());
    assertTrue(
        events.stream()
            .anyMatch(e -> e instanceof TrainingEvent.Notice n && n.text().startsWith("test: ")));
    assertEquals("", console.toString(), "the library printed to the console");
  }
}

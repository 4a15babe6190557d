package io.mcdrop.trainer.train;

/**
 * Receives {@link TrainingEvent}s on the training thread, in order. Keep it quick: it runs between
 * batches.
 */
@FunctionalInterface
public interface TrainingListener {
  /** Ignores every event. */
  TrainingListener NONE = event -> {};

  void on(TrainingEvent event);

  /** Shorthand for a {@link TrainingEvent.Notice}. */
  default void notice(String text) {
    on(new TrainingEvent.Notice(text));
  }
}

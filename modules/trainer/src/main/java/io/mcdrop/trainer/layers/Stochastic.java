package io.mcdrop.trainer.layers;

/** A layer that draws random masks in training mode; re-seeded by the trainer every epoch. */
public interface Stochastic {
  void reseed(long seed);

  /**
   * Keeps masks drawn in inference mode too: Monte Carlo dropout (batch norm stays in inference
   * mode, only dropout is random).
   */
  void setAlwaysOn(boolean on);

  /** The drop probability. */
  double rate();

  /** {@code standard} (element-wise) or {@code spatial} (whole channels). */
  String kind();
}

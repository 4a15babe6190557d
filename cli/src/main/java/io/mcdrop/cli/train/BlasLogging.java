package io.mcdrop.cli.train;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Silences {@code dev.ludovic.netlib}'s start-up warnings ("Failed to load implementation from
 * ...VectorBLAS" while it goes on to use native OpenBLAS): the trainer reports which BLAS it uses
 * in one line instead. Must run before the first BLAS call.
 */
final class BlasLogging {
  /** Held strongly: java.util.logging keeps loggers weakly, and a collected one loses its level. */
  private static final Logger NETLIB = Logger.getLogger("dev.ludovic.netlib");

  private BlasLogging() {}

  static void quiet() {
    NETLIB.setLevel(Level.OFF);
  }
}

package io.mcdrop.cli;

import io.mcdrop.errors.ErrorCode;

/**
 * The CLI's documented exit codes, and the one place errors map to them.
 *
 * <ul>
 *   <li>0: success
 *   <li>1: some inputs failed (e.g. an unreadable image); the others were processed
 *   <li>2: usage error (unknown option, value out of range)
 *   <li>3: model problem (missing, corrupt, not a classifier, no dropout, dropout not alive)
 *   <li>4: execution provider unavailable (e.g. CUDA on a CPU build)
 *   <li>5: internal error
 * </ul>
 */
public final class ExitCodes {
  private ExitCodes() {}

  public static final int OK = 0;
  public static final int PARTIAL = 1;
  public static final int USAGE = 2;
  public static final int MODEL = 3;
  public static final int PROVIDER = 4;
  public static final int INTERNAL = 5;

  public static int of(ErrorCode code) {
    return switch (code) {
      case BAD_OPTION -> USAGE;
      case NOT_FOUND, MODEL_INVALID, NOT_A_CLASSIFIER, NO_DROPOUT, DROPOUT_NOT_ALIVE -> MODEL;
      case BAD_IMAGE, IMAGE_TOO_LARGE, BAD_INPUT -> PARTIAL;
      case PROVIDER_UNAVAILABLE -> PROVIDER;
      case ENGINE_FAILURE, INTERNAL -> INTERNAL;
    };
  }
}

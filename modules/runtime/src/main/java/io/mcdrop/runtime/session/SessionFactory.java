package io.mcdrop.runtime.session;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import java.util.EnumSet;

/**
 * Creates ONNX Runtime sessions that keep Dropout alive.
 *
 * <p>ONNX Runtime's inference build deletes Dropout nodes during its basic graph optimizations
 * ({@code EliminateDropout}), whatever their {@code training_mode}. Disabling just that rewrite
 * keeps every other optimization (Conv+BN fusion and the rest). The option name is matched exactly
 * and a wrong one is ignored silently, which is why the engine verifies at load that dropout is
 * alive.
 */
public final class SessionFactory {
  /** The exact name ONNX Runtime registers the dropout-removing rewrite under. */
  public static final String ELIMINATE_DROPOUT = "EliminateDropout";

  static final String DISABLED_OPTIMIZERS = "optimization.disable_specified_optimizers";

  /**
   * ONNX Runtime's intra-op worker threads spin-wait for work after each parallel section by
   * default. An engine alternates between sessions (trunk, then head; each with its own pool), and
   * the machine may be shared, so spinning pools fight the working one for cores: measured on 2
   * cores with 2 threads under load, a trunk-cached prediction took 55-73 ms with spinning and
   * 15-25 ms without (scripts/bench-runtime.sh, docs/benchmarks-runtime.md). With one thread there
   * is no pool and the setting changes nothing.
   */
  static final String ALLOW_SPINNING = "session.intra_op.allow_spinning";

  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final ProviderSpec requested;
  private final ProviderSpec effective;
  private final int threads;
  private final String notice;
  private final String disabledOptimizers;

  /**
   * @param provider the provider asked for
   * @param intraOpThreads threads per session run; 0 lets ONNX Runtime choose
   */
  public SessionFactory(ProviderSpec provider, int intraOpThreads) {
    this(provider, intraOpThreads, ELIMINATE_DROPOUT);
  }

  /**
   * As above, with the exact value of ONNX Runtime's {@code disable_specified_optimizers} entry;
   * tests pass a wrong one to prove the engine's liveness check catches it.
   */
  public SessionFactory(ProviderSpec provider, int intraOpThreads, String disabledOptimizers) {
    this.disabledOptimizers = disabledOptimizers;
    if (intraOpThreads < 0) {
      throw new McdropException(
          ErrorCode.BAD_OPTION, "intra-op threads must be >= 0, got " + intraOpThreads);
    }
    this.requested = provider;
    this.threads = intraOpThreads;
    boolean cudaBuilt = availableProviders().contains(OrtProvider.CUDA);
    switch (provider.kind()) {
      case CUDA -> {
        if (!cudaBuilt) {
          throw new McdropException(
              ErrorCode.PROVIDER_UNAVAILABLE,
              "CUDA was requested, but this mcdrop build carries ONNX Runtime's CPU package. Build"
                  + " the GPU variant with './mvnw -Pgpu -DskipTests -pl cli -am package' on a host with an NVIDIA GPU,"
                  + " CUDA 12 and cuDNN 9, or run on the CPU provider");
        }
        effective = provider;
        notice = null;
      }
      case AUTO -> {
        effective = cudaBuilt ? new ProviderSpec(ProviderSpec.Kind.CUDA, 0) : ProviderSpec.CPU;
        notice =
            cudaBuilt
                ? null
                : "provider auto: this build has no CUDA support (CPU package), running on CPU";
      }
      default -> {
        effective = ProviderSpec.CPU;
        notice = null;
      }
    }
  }

  static EnumSet<OrtProvider> availableProviders() {
    return OrtEnvironment.getAvailableProviders();
  }

  public OrtEnvironment environment() {
    return env;
  }

  /** The provider sessions actually run on. */
  public ProviderSpec effectiveProvider() {
    return effective;
  }

  public ProviderSpec requestedProvider() {
    return requested;
  }

  /** A one-line remark for the user when {@code auto} fell back to CPU, else null. */
  public String notice() {
    return notice;
  }

  public int threads() {
    return threads;
  }

  /** A new session on {@code modelBytes} with dropout kept alive. */
  public OrtSession create(byte[] modelBytes) {
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.addConfigEntry(DISABLED_OPTIMIZERS, disabledOptimizers);
      options.addConfigEntry(ALLOW_SPINNING, "0");
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      // ONNX Runtime's graph warnings (an initializer that is also an input, an initializer the
      // masked-dropout variant no longer reads) describe our own deliberate rewrites: they are not
      // the user's to act on, so only errors are logged.
      options.setSessionLogLevel(ai.onnxruntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
      if (threads > 0) {
        options.setIntraOpNumThreads(threads);
      }
      options.setInterOpNumThreads(1);
      if (effective.kind() == ProviderSpec.Kind.CUDA) {
        try {
          options.addCUDA(effective.device());
        } catch (OrtException | RuntimeException e) {
          throw new McdropException(
              ErrorCode.PROVIDER_UNAVAILABLE,
              "could not start CUDA device "
                  + effective.device()
                  + ": "
                  + e.getMessage()
                  + ". The GPU build needs CUDA 12 (libcudart.so.12, libcublas.so.12) and cuDNN 9"
                  + " on the library path",
              e);
        }
      }
      return env.createSession(modelBytes, options);
    } catch (OrtException e) {
      throw OrtErrors.map(e, OrtErrors.Phase.LOAD);
    }
  }

  /**
   * A {@link Graph} (a session the engine runs through {@link OrtRunner}) on {@code modelBytes}.
   */
  public Graph open(byte[] modelBytes) {
    return new Graph(create(modelBytes));
  }
}

package io.mcdrop.trainer.kernels;

/**
 * Chooses the {@link SumKernels} once per JVM: the Vector API ones when the JVM has the {@code
 * jdk.incubator.vector} module (the launcher starts {@code mcdrop train} and {@code mcdrop study}
 * with it) and the system property {@code mcdrop.trainer.simd} is not {@code false}; the scalar
 * ones otherwise. The vector class is loaded by name only after the module check, so a JVM without
 * the module never links it. Both give the same bits (see the package documentation).
 */
public final class Kernels {
  public static final String MODULE = "jdk.incubator.vector";
  public static final String PROPERTY = "mcdrop.trainer.simd";
  private static final SumKernels SUMS = choose();

  private Kernels() {}

  /** The batch-norm reductions in use. */
  public static SumKernels sums() {
    return SUMS;
  }

  /** One line for users: which kernels run, and how to get the faster ones. */
  public static String describe() {
    if (SUMS != ScalarSumKernels.INSTANCE) {
      return SUMS.name() + " (Vector API)";
    }
    return vectorModulePresent()
        ? "scalar (" + PROPERTY + "=false)"
        : "scalar (start the JVM with --add-modules " + MODULE + " for the Vector API ones)";
  }

  /** True when the JVM was started with the Vector API module. */
  public static boolean vectorModulePresent() {
    return ModuleLayer.boot().findModule(MODULE).isPresent();
  }

  private static SumKernels choose() {
    if (!vectorModulePresent() || "false".equalsIgnoreCase(System.getProperty(PROPERTY))) {
      return ScalarSumKernels.INSTANCE;
    }
    try {
      return (SumKernels)
          Class.forName("io.mcdrop.trainer.kernels.VectorSumKernels")
              .getDeclaredConstructor()
              .newInstance();
    } catch (ReflectiveOperationException | LinkageError | IllegalStateException e) {
      return ScalarSumKernels.INSTANCE;
    }
  }
}

package io.mcdrop.trainer.tensor;

import dev.ludovic.netlib.blas.BLAS;

/**
 * Row-major single-precision matrix multiply on top of the column-major BLAS {@code sgemm}.
 *
 * <p>{@code dev.ludovic.netlib} binds native OpenBLAS when {@code libblas.so.3} is installed
 * (Debian {@code libopenblas0}) and falls back to the JDK's vector API otherwise. A row-major
 * product C = op(A)·op(B) is the column-major product Cᵀ = op(B)ᵀ·op(A)ᵀ, so the operands are
 * swapped.
 */
public final class Gemm {
  private static final BLAS BLAS_INSTANCE = BLAS.getInstance();

  private Gemm() {}

  /** The BLAS implementation in use, e.g. {@code JNIBLAS} (native) or {@code VectorBLAS}. */
  public static String backend() {
    return BLAS_INSTANCE.getClass().getSimpleName();
  }

  /** One line for users: which BLAS runs the products. */
  public static String describe() {
    String name = backend();
    if (name.startsWith("JNI")) {
      String core = System.getenv("OPENBLAS_CORETYPE");
      return "native ("
          + name
          + ", the system's libblas.so.3, e.g. OpenBLAS"
          + (core == null || core.isBlank() ? "" : ", OPENBLAS_CORETYPE=" + core)
          + ")";
    }
    return name + " (pure Java; install libopenblas0 for native speed)";
  }

  /**
   * C[m×n] = alpha·op(A)·op(B) + beta·C, all row-major; op(A) is m×k and op(B) is k×n. A transposed
   * operand is stored in its untransposed row-major form (k×m for A, n×k for B).
   */
  public static void mul(
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      float alpha,
      float[] a,
      int aOff,
      float[] b,
      int bOff,
      float beta,
      float[] c,
      int cOff) {
    mul(
        transA,
        transB,
        m,
        n,
        k,
        alpha,
        a,
        aOff,
        transA ? m : k,
        b,
        bOff,
        transB ? k : n,
        beta,
        c,
        cOff,
        n);
  }

  /**
   * As {@link #mul(boolean, boolean, int, int, int, float, float[], int, float[], int, float,
   * float[], int)} with explicit row-major leading dimensions (the row length of each stored
   * matrix), so that a block of columns of a larger matrix can be an operand or the result.
   */
  public static void mul(
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      float alpha,
      float[] a,
      int aOff,
      int lda,
      float[] b,
      int bOff,
      int ldb,
      float beta,
      float[] c,
      int cOff,
      int ldc) {
    BLAS_INSTANCE.sgemm(
        transB ? "T" : "N",
        transA ? "T" : "N",
        n,
        m,
        k,
        alpha,
        b,
        bOff,
        ldb,
        a,
        aOff,
        lda,
        beta,
        c,
        cOff,
        ldc);
  }
}

package io.mcdrop.trainer.layers;

import io.mcdrop.onnx.build.Attr;
import io.mcdrop.trainer.tensor.Gemm;
import io.mcdrop.trainer.tensor.Parallel;
import io.mcdrop.trainer.tensor.Rng;
import io.mcdrop.trainer.tensor.Scratch;
import io.mcdrop.trainer.tensor.Shape;
import io.mcdrop.trainer.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * 2-D convolution (square kernel, stride, zero padding) as im2col + SGEMM, parallel over the batch.
 *
 * <p>Per sample, the output [Cout, Ho·Wo] is W[Cout, C·k·k] times the column matrix [C·k·k, Ho·Wo],
 * which is already NCHW order, so the GEMM writes straight into the output. The column matrix is
 * rebuilt in backward rather than kept, trading a cheap copy for memory (a 64×64 input with 64
 * channels would otherwise keep hundreds of MB per batch). Unfolding several samples into one wide
 * column matrix (one GEMM per group) was measured and is slower here: the per-sample column matrix
 * stays in L2 between im2col and the GEMM, a group's does not (docs/benchmarks-trainer.md). For the
 * same reason a sample whose column matrix exceeds {@link #TILE_FLOATS} (large planes, e.g. 64
 * channels at 64×64) is unfolded and multiplied in blocks of output rows. Every working array
 * (output, input gradient, per-worker columns and partial weight gradients) is kept across steps.
 */
public final class Conv2d implements Layer {
  private final Shape in;
  private final Shape out;
  private final int k;
  private final int stride;
  private final int pad;
  private final boolean hasBias;
  private final Param weight;
  private final Param bias;
  private final int ckk;
  private final int hw;
  private boolean needsInputGrad = true;
  private Tensor input;

  public Conv2d(Shape in, int outChannels, int k, int stride, int pad, boolean bias, Rng rng) {
    if (k < 1 || stride < 1 || pad < 0) {
      throw new IllegalArgumentException("bad conv geometry k=" + k + " s=" + stride + " p=" + pad);
    }
    int ho = (in.h() + 2 * pad - k) / stride + 1;
    int wo = (in.w() + 2 * pad - k) / stride + 1;
    if (ho < 1 || wo < 1) {
      throw new IllegalArgumentException(
          "conv kernel " + k + " does not fit input " + in + " with padding " + pad);
    }
    this.in = in;
    this.out = new Shape(outChannels, ho, wo);
    this.k = k;
    this.stride = stride;
    this.pad = pad;
    this.hasBias = bias;
    this.ckk = in.c() * k * k;
    this.hw = ho * wo;
    float[] w = new float[outChannels * ckk];
    Init.uniformFanIn(w, ckk, rng);
    this.weight = Param.trainable("weight", w, true);
    this.bias = bias ? Param.trainable("bias", new float[outChannels], false) : null;
  }

  @Override
  public Shape inputShape() {
    return in;
  }

  @Override
  public Shape outputShape() {
    return out;
  }

  public int kernel() {
    return k;
  }

  public int stride() {
    return stride;
  }

  public int padding() {
    return pad;
  }

  public Param weight() {
    return weight;
  }

  public Param bias() {
    return bias;
  }

  @Override
  public void setNeedsInputGrad(boolean needed) {
    this.needsInputGrad = needed;
  }

  private final Scratch yBuf = new Scratch();
  private final Scratch dxBuf = new Scratch();
  private Scratch[] colBuf = new Scratch[0];
  private Scratch[] gwBuf = new Scratch[0];
  private Scratch[] gbBuf = new Scratch[0];
  private Scratch[] dyTileBuf = new Scratch[0];

  /**
   * Column-matrix floats (512 KB, half of the L2 of a core of the development machines) above which
   * a sample's unfold is split into blocks of output rows, each unfolded and multiplied while it is
   * in L2: a 64-channel 64×64 plane's column matrix alone is 9.4 MB, which im2col would write to
   * memory and the GEMM read back. The 14×14 and 28×28 layers of the Fashion-MNIST net stay below
   * it (one block: the same single GEMM as before).
   */
  static final int TILE_FLOATS = 1 << 17;

  private int tileFloats = TILE_FLOATS;

  /** Sets the block size in floats (tests use small ones to get many blocks on small inputs). */
  void setTileFloats(int floats) {
    this.tileFloats = floats;
  }

  /** Output rows per block for a column matrix of {@code depth} rows and rows of {@code width}. */
  private int rowsPerTile(int depth, int width, int rows) {
    return Math.max(1, Math.min(rows, tileFloats / (depth * width)));
  }

  /** Per-worker scratch arrays, created once per thread count. */
  private void ensureWorkers(int workers) {
    if (colBuf.length < workers) {
      colBuf = grow(colBuf, workers);
      gwBuf = grow(gwBuf, workers);
      gbBuf = grow(gbBuf, workers);
      dyTileBuf = grow(dyTileBuf, workers);
    }
  }

  private static Scratch[] grow(Scratch[] a, int n) {
    Scratch[] b = java.util.Arrays.copyOf(a, n);
    for (int i = a.length; i < n; i++) {
      b[i] = new Scratch();
    }
    return b;
  }

  @Override
  public Tensor forward(Tensor x, boolean training) {
    input = x;
    int n = x.n();
    float[] y = yBuf.floats(n * out.size());
    float[] xd = x.data();
    float[] w = weight.value();
    int co = out.c();
    int workers = Math.min(Parallel.threads(), n);
    ensureWorkers(workers);
    int wo = out.w();
    int rows = rowsPerTile(ckk, wo, out.h());
    Parallel.range(
        n,
        (from, to, worker) -> {
          float[] col = colBuf[worker].floats(ckk * rows * wo);
          for (int s = from; s < to; s++) {
            int yOff = s * out.size();
            for (int r0 = 0; r0 < out.h(); r0 += rows) {
              int r1 = Math.min(out.h(), r0 + rows);
              int nt = (r1 - r0) * wo;
              im2col(xd, s * in.size(), r0, r1, col);
              // y[:, r0·Wo ..) = W[Cout, Ckk] · col[Ckk, nt], a block of columns of y
              Gemm.mul(
                  false, false, co, nt, ckk, 1f, w, 0, ckk, col, 0, nt, 0f, y, yOff + r0 * wo, hw);
            }
            if (hasBias) {
              float[] b = bias.value();
              for (int c = 0; c < co; c++) {
                float bc = b[c];
                int o = yOff + c * hw;
                for (int i = 0; i < hw; i++) {
                  y[o + i] += bc;
                }
              }
            }
          }
        });
    return new Tensor(y, n, out);
  }

  @Override
  public Tensor backward(Tensor gradOut) {
    int n = gradOut.n();
    float[] dy = gradOut.data();
    float[] xd = input.data();
    float[] w = weight.value();
    int co = out.c();
    // With stride 1 the input gradient is itself a convolution: dy (padded by k − 1 − p) with the
    // kernel flipped and its channel axes swapped. Unfolding dy and one GEMM of depth Cout·k·k
    // writes dx directly, instead of a GEMM of depth Cout and a scatter-add (col2im) of k·k
    // overlapping windows (measured faster for 64→64 and, less so, for 32→64, where it unfolds
    // twice as many channels; docs/benchmarks-trainer.md).
    boolean direct = needsInputGrad && stride == 1 && pad <= k - 1;
    float[] dx =
        needsInputGrad ? (direct ? dxBuf.floats(n * in.size()) : dxBuf.zeros(n * in.size())) : null;
    float[] wt = direct ? flippedWeights() : null;
    int inHw = in.h() * in.w();
    int wo = out.w();
    int iw = in.w();
    // The col2im path needs the whole column gradient of a sample, so it is not tiled.
    int rows = direct || !needsInputGrad ? rowsPerTile(ckk, wo, out.h()) : out.h();
    int rowsIn = rowsPerTile(co * k * k, iw, in.h());
    int colLen = direct ? Math.max(ckk * rows * wo, co * k * k * rowsIn * iw) : ckk * rows * wo;
    boolean tiled = rows < out.h();
    int workers = Math.min(Parallel.threads(), n);
    ensureWorkers(workers);
    Parallel.range(
        n,
        (from, to, worker) -> {
          float[] col = colBuf[worker].floats(colLen);
          float[] gw = gwBuf[worker].zeros(co * ckk);
          float[] gb = hasBias ? gbBuf[worker].zeros(co) : null;
          float[] dyTile = tiled ? dyTileBuf[worker].floats(co * rows * wo) : null;
          for (int s = from; s < to; s++) {
            int yOff = s * out.size();
            for (int r0 = 0; r0 < out.h(); r0 += rows) {
              int r1 = Math.min(out.h(), r0 + rows);
              int nt = (r1 - r0) * wo;
              im2col(xd, s * in.size(), r0, r1, col);
              // dW += dY[Cout, nt] · colᵀ[nt, Ckk]
              if (tiled) {
                // A block of columns of dy as a contiguous copy: netlib's bounds check assumes a
                // full leading dimension for an operand and rejects the block of the last sample.
                for (int c = 0; c < co; c++) {
                  System.arraycopy(dy, yOff + c * hw + r0 * wo, dyTile, c * nt, nt);
                }
                Gemm.mul(false, true, co, ckk, nt, 1f, dyTile, 0, col, 0, 1f, gw, 0);
              } else {
                Gemm.mul(false, true, co, ckk, hw, 1f, dy, yOff, col, 0, 1f, gw, 0);
              }
            }
            if (hasBias) {
              for (int c = 0; c < co; c++) {
                float acc = 0f;
                int o = yOff + c * hw;
                for (int i = 0; i < hw; i++) {
                  acc += dy[o + i];
                }
                gb[c] += acc;
              }
            }
            if (direct) {
              // dx[Cin, H·W] = W'[Cin, Cout·k·k] · unfold(dy)[Cout·k·k, H·W], over col, in
              // blocks of rows of dx
              int depth = co * k * k;
              for (int r0 = 0; r0 < in.h(); r0 += rowsIn) {
                int r1 = Math.min(in.h(), r0 + rowsIn);
                int nt = (r1 - r0) * iw;
                unfold(dy, yOff, co, out.h(), wo, k - 1 - pad, in.h(), iw, r0, r1, col);
                Gemm.mul(
                    false,
                    false,
                    in.c(),
                    nt,
                    depth,
                    1f,
                    wt,
                    0,
                    depth,
                    col,
                    0,
                    nt,
                    0f,
                    dx,
                    s * in.size() + r0 * iw,
                    inHw);
              }
            } else if (needsInputGrad) {
              // dcol[Ckk, HW] = Wᵀ[Ckk, Cout] · dY[Cout, HW], written over col (no longer needed)
              Gemm.mul(true, false, ckk, hw, co, 1f, w, 0, dy, yOff, 0f, col, 0);
              col2im(col, dx, s * in.size());
            }
          }
        });
    reduce(gwBuf, workers, weight.grad());
    if (hasBias) {
      reduce(gbBuf, workers, bias.grad());
    }
    return needsInputGrad ? new Tensor(dx, n, in) : null;
  }

  private final Scratch wtBuf = new Scratch();

  /**
   * W'[ci, co, k−1−ki, k−1−kj] = W[co, ci, ki, kj]: the kernel of the input-gradient convolution.
   */
  private float[] flippedWeights() {
    int ci = in.c();
    int co = out.c();
    int kk = k * k;
    float[] w = weight.value();
    float[] wt = wtBuf.floats(w.length);
    for (int o = 0; o < co; o++) {
      for (int i = 0; i < ci; i++) {
        int src = (o * ci + i) * kk;
        int dst = (i * co + o) * kk;
        for (int t = 0; t < kk; t++) {
          wt[dst + kk - 1 - t] = w[src + t];
        }
      }
    }
    return wt;
  }

  /** Sums the workers' partial gradients in worker order (deterministic for a thread count). */
  private static void reduce(Scratch[] parts, int workers, float[] into) {
    System.arraycopy(parts[0].floats(into.length), 0, into, 0, into.length);
    for (int p = 1; p < workers; p++) {
      float[] a = parts[p].floats(into.length);
      for (int i = 0; i < into.length; i++) {
        into[i] += a[i];
      }
    }
  }

  /**
   * Unfolds output rows [r0, r1) of one sample into col[C·k·k, (r1 − r0)·Wo], zero where the kernel
   * hangs over the padding.
   */
  private void im2col(float[] x, int xOff, int r0, int r1, float[] col) {
    unfold(x, xOff, in.c(), in.h(), in.w(), pad, out.h(), out.w(), r0, r1, col);
  }

  /**
   * Unfolds a [c, h, w] image for a k×k kernel at this layer's stride with padding {@code p} into
   * col[c·k·k, (r1 − r0)·wo], the output rows [r0, r1) of an ho×wo output.
   */
  private void unfold(
      float[] x,
      int xOff,
      int c0,
      int h,
      int wd,
      int p,
      int ho,
      int wo,
      int r0,
      int r1,
      float[] col) {
    if (stride == 1 && ho == h && wo == wd) {
      unfoldSame(x, xOff, c0, h, wd, p, r0, r1, col);
      return;
    }
    int plane = (r1 - r0) * wo;
    int row = 0;
    for (int c = 0; c < c0; c++) {
      int cOff = xOff + c * h * wd;
      for (int ki = 0; ki < k; ki++) {
        for (int kj = 0; kj < k; kj++, row++) {
          int base = row * plane;
          for (int oh = r0; oh < r1; oh++) {
            int ih = oh * stride - p + ki;
            int o = base + (oh - r0) * wo;
            if (ih < 0 || ih >= h) {
              java.util.Arrays.fill(col, o, o + wo, 0f);
              continue;
            }
            int rOff = cOff + ih * wd;
            if (stride == 1) {
              int iw0 = kj - p;
              int lo = Math.max(0, -iw0);
              int hi = Math.min(wo, wd - iw0);
              for (int ow = 0; ow < lo; ow++) {
                col[o + ow] = 0f;
              }
              if (hi > lo) {
                System.arraycopy(x, rOff + iw0 + lo, col, o + lo, hi - lo);
              }
              for (int ow = Math.max(hi, lo); ow < wo; ow++) {
                col[o + ow] = 0f;
              }
            } else {
              for (int ow = 0; ow < wo; ow++) {
                int iw = ow * stride - p + kj;
                col[o + ow] = (iw < 0 || iw >= wd) ? 0f : x[rOff + iw];
              }
            }
          }
        }
      }
    }
  }

  /**
   * {@link #unfold} for stride 1 and an output as large as the input: each row of col is the input
   * plane shifted by (ki − p, kj − p), so it is one contiguous copy (instead of one per image row)
   * followed by zeroing the rows and columns that hang over the padding.
   */
  private void unfoldSame(
      float[] x, int xOff, int c0, int h, int wd, int p, int r0, int r1, float[] col) {
    int plane = h * wd;
    int tile = (r1 - r0) * wd;
    int row = 0;
    for (int c = 0; c < c0; c++) {
      int cOff = xOff + c * plane;
      for (int ki = 0; ki < k; ki++) {
        int dh = ki - p;
        int lo = Math.max(r0, -dh);
        int hi = Math.min(r1, h - dh);
        for (int kj = 0; kj < k; kj++, row++) {
          int dw = kj - p;
          int base = row * tile;
          if (hi <= lo) {
            java.util.Arrays.fill(col, base, base + tile, 0f);
            continue;
          }
          java.util.Arrays.fill(col, base, base + (lo - r0) * wd, 0f);
          java.util.Arrays.fill(col, base + (hi - r0) * wd, base + tile, 0f);
          // Elements (oh, ow) with a valid input row: x[(oh + dh)·W + ow + dw] in one run; the
          // run's first and last |dw| elements would fall outside the plane and are columns that
          // the loop below zeroes anyway.
          int dst = base + (lo - r0) * wd;
          int src = cOff + (lo + dh) * wd + dw;
          int len = (hi - lo) * wd;
          int skipHead = Math.max(0, -dw);
          int skipTail = Math.max(0, dw);
          if (len > skipHead + skipTail) {
            System.arraycopy(x, src + skipHead, col, dst + skipHead, len - skipHead - skipTail);
          }
          if (dw != 0) {
            int c0l = dw < 0 ? 0 : Math.max(0, wd - dw);
            int c1l = dw < 0 ? Math.min(wd, -dw) : wd;
            for (int oh = lo; oh < hi; oh++) {
              int o = base + (oh - r0) * wd;
              for (int ow = c0l; ow < c1l; ow++) {
                col[o + ow] = 0f;
              }
            }
          }
        }
      }
    }
  }

  /**
   * Folds one sample's column gradients back into its input gradient (adds overlapping windows).
   */
  private void col2im(float[] col, float[] dx, int xOff) {
    int h = in.h();
    int wd = in.w();
    int ho = out.h();
    int wo = out.w();
    int row = 0;
    for (int c = 0; c < in.c(); c++) {
      int cOff = xOff + c * h * wd;
      for (int ki = 0; ki < k; ki++) {
        for (int kj = 0; kj < k; kj++, row++) {
          int base = row * hw;
          for (int oh = 0; oh < ho; oh++) {
            int ih = oh * stride - pad + ki;
            if (ih < 0 || ih >= h) {
              continue;
            }
            int rOff = cOff + ih * wd;
            int o = base + oh * wo;
            if (stride == 1) {
              int iw0 = kj - pad;
              int lo = Math.max(0, -iw0);
              int hi = Math.min(wo, wd - iw0);
              for (int ow = lo; ow < hi; ow++) {
                dx[rOff + iw0 + ow] += col[o + ow];
              }
            } else {
              for (int ow = 0; ow < wo; ow++) {
                int iw = ow * stride - pad + kj;
                if (iw >= 0 && iw < wd) {
                  dx[rOff + iw] += col[o + ow];
                }
              }
            }
          }
        }
      }
    }
  }

  @Override
  public List<Param> params() {
    List<Param> ps = new ArrayList<>();
    ps.add(weight);
    if (hasBias) {
      ps.add(bias);
    }
    return ps;
  }

  @Override
  public String toOnnx(OnnxContext ctx, String x) {
    List<String> inputs = new ArrayList<>();
    inputs.add(x);
    inputs.add(ctx.weight("conv_w", weight.value(), out.c(), in.c(), k, k));
    if (hasBias) {
      inputs.add(ctx.weight("conv_b", bias.value(), out.c()));
    }
    return ctx.node(
        "Conv",
        inputs,
        Attr.ints("kernel_shape", k, k),
        Attr.ints("strides", stride, stride),
        Attr.ints("pads", pad, pad, pad, pad));
  }

  @Override
  public String describe() {
    return "Conv2d(" + in.c() + "->" + out.c() + ", k" + k + ", s" + stride + ", p" + pad + ")";
  }
}

package io.mcdrop.server.support;

import io.micronaut.json.tree.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The shared parts of the JSON-share benchmarks (issue 14, not tests): the tree path the streaming
 * codecs replaced (a Micronaut JSON tree of boxed nodes walked into a boxed list, then a {@code
 * float[]}), and a timing harness that reports each operation's median over blocks and the share of
 * JSON in JSON + predict.
 */
public final class JsonShare {
  private JsonShare() {}

  /** The old flattening of a tensor from a JSON tree, as the server did before streaming. */
  public static float[] flattenTree(JsonNode data) {
    List<Float> out = new ArrayList<>();
    walk(data, out);
    float[] a = new float[out.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = out.get(i);
    }
    return a;
  }

  private static void walk(JsonNode node, List<Float> out) {
    if (node.isArray()) {
      int childSize = -2;
      for (JsonNode child : node.values()) {
        int size = child.isArray() ? child.size() : -1;
        if (childSize != -2 && size != childSize) {
          throw new IllegalArgumentException("ragged");
        }
        childSize = size;
        walk(child, out);
      }
      return;
    }
    float f = (float) node.getNumberValue().doubleValue();
    if (!Float.isFinite(f)) {
      throw new IllegalArgumentException("not finite");
    }
    out.add(f);
  }

  /**
   * Times {@code jsonBefore}, {@code jsonAfter} and {@code predict} (per request, median of 7
   * blocks after a warm-up) and prints them with the JSON share of (JSON + predict).
   */
  public static void report(
      String what, Runnable jsonBefore, Runnable jsonAfter, Runnable predict) {
    report(what, "before (tree, boxed)", "after (streaming)", jsonBefore, jsonAfter, predict);
  }

  /** As {@link #report(String, Runnable, Runnable, Runnable)}, with the two JSON ways named. */
  public static void report(
      String what,
      String beforeLabel,
      String afterLabel,
      Runnable jsonBefore,
      Runnable jsonAfter,
      Runnable predict) {
    Runnable[] ops = {jsonBefore, jsonAfter, predict};
    String[] labels = {what + ": " + beforeLabel, what + ": " + afterLabel, "engine MC predict"};
    for (Runnable op : ops) {
      for (int i = 0; i < 2000; i++) {
        op.run();
      }
    }
    double[][] us = new double[3][7];
    for (int b = 0; b < 7; b++) {
      for (int j = 0; j < 3; j++) {
        int n = j == 2 ? 300 : 2000;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
          ops[j].run();
        }
        us[j][b] = (System.nanoTime() - t0) / 1e3 / n;
      }
    }
    double[] med = new double[3];
    for (int j = 0; j < 3; j++) {
      double[] s = us[j].clone();
      Arrays.sort(s);
      med[j] = s[3];
      System.out.printf(
          Locale.ROOT, "%-40s %8.1f us per request (median of 7 blocks)%n", labels[j], med[j]);
    }
    System.out.printf(
        Locale.ROOT,
        "%s JSON share of (JSON + predict): before %.0f %%, after %.0f %%; after is %.2fx"
            + " faster%n",
        what,
        100 * med[0] / (med[0] + med[2]),
        100 * med[1] / (med[1] + med[2]),
        med[0] / med[1]);
  }
}

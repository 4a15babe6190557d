package io.mcdrop.study.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcdrop.study.run.CalibratedResult;
import io.mcdrop.study.run.CostResult;
import io.mcdrop.study.run.VariantResult;
import io.mcdrop.trainer.config.EpochStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Verdict sentences are derived from the numbers: change the numbers, the words follow. */
class ConclusionsTest {
  private static VariantResult.Pass pass(double acc, double nll, double ms) {
    return new VariantResult.Pass(
        acc,
        nll,
        0.1,
        0.02,
        0.2,
        Map.of("entropy", 0.8),
        Map.of("holdout", Map.of("mutual-info", 0.7, "entropy", 0.7)),
        Map.of(),
        ms);
  }

  /** One variant over seeds: det and MC accuracies per seed, NLL = 1 - accuracy. */
  private static List<VariantResult> variant(
      String key, double rate, double gap, double[] detAcc, double[] mcAcc, double dropped) {
    return variant(key, rate, gap, detAcc, mcAcc, dropped, 5);
  }

  /** The same, with the MC pass's cost per image (the deterministic pass costs 1 ms). */
  private static List<VariantResult> variant(
      String key,
      double rate,
      double gap,
      double[] detAcc,
      double[] mcAcc,
      double dropped,
      double mcMs) {
    String placement = key.equals("none") ? "none" : key.substring(0, key.lastIndexOf('-'));
    if (key.startsWith("matched")) {
      placement = "matched";
    }
    List<VariantResult> out = new ArrayList<>();
    for (int s = 0; s < detAcc.length; s++) {
      EpochStats e = new EpochStats(1, 0.1, 0.9 + gap, 0.3, 0.9, 0.01, 1);
      VariantResult.Pass det = pass(detAcc[s], 1 - detAcc[s], 1);
      VariantResult.Pass mc = mcAcc == null ? null : pass(mcAcc[s], 1 - mcAcc[s], mcMs);
      out.add(
          new VariantResult(
              key,
              placement,
              rate,
              s + 1,
              "desc " + key,
              "spec",
              100,
              dropped,
              1,
              60,
              List.of(e),
              0.1,
              0.9 + gap,
              0.3,
              0.9,
              det,
              mc,
              mc == null ? 1 : 30,
              1000,
              null,
              null));
    }
    return out;
  }

  private static double[] a(double... v) {
    return v;
  }

  private static List<String> verdict(List<List<VariantResult>> variants) {
    List<VariantResult> all = new ArrayList<>();
    variants.forEach(all::addAll);
    return Conclusions.of(VariantSummary.of(all, "holdout"), "holdout", 9000);
  }

  private static String line(List<String> v, String start) {
    return v.stream()
        .filter(s -> s.startsWith(start))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no sentence starting '" + start + "' in " + v));
  }

  @Test
  void overlappingIntervalsAreCalledIndistinguishable() {
    List<String> v =
        verdict(
            List.of(
                variant("none", 0, 0.08, a(0.88, 0.89, 0.90), null, 0),
                variant(
                    "head-0.5", 0.5, 0.05, a(0.885, 0.895, 0.905), a(0.886, 0.896, 0.906), 128)));
    assertTrue(line(v, "Without dropout").contains("the baseline over-fits"), v.toString());
    assertTrue(line(v, "head:").contains("indistinguishable from no dropout"), v.toString());
    assertTrue(line(v, "Lowest test NLL: head-0.5").contains("Indistinguishable from it"));
    assertTrue(line(v, "Lowest test NLL").contains("none"));
    assertTrue(line(v, "Answer").contains("no placement or rate raised test accuracy"));
  }

  @Test
  void separatedIntervalsAreAGainAndTheAnswerNamesIt() {
    List<String> v =
        verdict(
            List.of(
                variant("none", 0, 0.08, a(0.880, 0.881, 0.882), null, 0),
                variant("head-0.5", 0.5, 0.03, a(0.950, 0.951, 0.952), a(0.951, 0.952, 0.953), 128),
                variant("conv-0.2", 0.2, 0.0, a(0.800, 0.801, 0.802), a(0.80, 0.81, 0.82), 4000)));
    assertTrue(line(v, "head:").contains("(+7.10 points, a gain beyond seed noise)"), v.toString());
    assertTrue(line(v, "conv:").contains("a loss beyond seed noise"), v.toString());
    String answer = line(v, "Answer");
    assertTrue(answer.contains("the largest gain was head-0.5"), answer);
    assertTrue(answer.contains("cost accuracy in conv-0.2"), answer);
    assertTrue(line(v, "Lowest test NLL").contains("No other variant's 95 % interval"));
    assertTrue(line(v, "Magnitude").contains("conv-0.2 zeroes 4000 units"), v.toString());
  }

  /** Attaches temperature-scaling numbers: MC (or det for none) NLL before/after per seed. */
  private static List<VariantResult> scaled(
      List<VariantResult> rs, double[] nllBefore, double[] nllAfter) {
    List<VariantResult> out = new ArrayList<>();
    for (int i = 0; i < rs.size(); i++) {
      VariantResult r = rs.get(i);
      boolean mc = r.mc() != null;
      double nan = Double.NaN;
      out.add(
          r.withCalibrated(
              new CalibratedResult(
                  100,
                  1.5,
                  mc ? nan : nllBefore[i],
                  mc ? nan : nllAfter[i],
                  0.05,
                  0.01,
                  mc ? 1.2 : nan,
                  mc ? nllBefore[i] : nan,
                  mc ? nllAfter[i] : nan,
                  mc ? 0.04 : nan,
                  mc ? 0.01 : nan,
                  0.1,
                  0.9,
                  1.2)));
    }
    return out;
  }

  @Test
  void temperatureScalingSaysWhetherTheNllRankingSurvivesIt() {
    // before scaling head-0.5 is clearly better; after, none is lowest and head-0.5 overlaps it
    List<String> v =
        verdict(
            List.of(
                scaled(
                    variant("none", 0, 0.08, a(0.88, 0.89, 0.90), null, 0),
                    a(0.42, 0.43, 0.44),
                    a(0.285, 0.289, 0.293)),
                scaled(
                    variant("head-0.5", 0.5, 0.05, a(0.88, 0.89, 0.90), a(0.88, 0.89, 0.90), 128),
                    a(0.29, 0.30, 0.31),
                    a(0.287, 0.291, 0.295))));
    String cal = line(v, "Temperature scaling");
    assertTrue(cal.contains("mean ECE over 2 variants 0.0450 → 0.0100"), cal);
    assertTrue(cal.contains("spread between the best and worst variant 0.1300 → 0.0020"), cal);
    assertTrue(cal.contains("Lowest NLL after scaling: none"), cal);
    assertTrue(cal.contains("before scaling it was head-0.5"), cal);
    assertTrue(cal.contains("indistinguishable from it: head-0.5"), cal);
    // without calibrated runs the sentence is left out
    List<String> plain = verdict(List.of(variant("none", 0, 0.08, a(0.88, 0.89, 0.90), null, 0)));
    assertTrue(
        plain.stream().noneMatch(x -> x.startsWith("Temperature scaling")), plain.toString());
  }

  @Test
  void theAnswerSaysWhatDropoutDidToTheGapAndToTheProbabilities() {
    // accuracy unchanged, gap narrower, NLL clearly lower before scaling and tied after
    List<String> v =
        verdict(
            List.of(
                scaled(
                    variant("none", 0, 0.09, a(0.88, 0.89, 0.90), null, 0),
                    a(0.42, 0.43, 0.44),
                    a(0.285, 0.289, 0.293)),
                scaled(
                    variant("conv-0.2", 0.2, 0.03, a(0.88, 0.89, 0.90), a(0.88, 0.89, 0.90), 4000),
                    a(0.29, 0.30, 0.31),
                    a(0.283, 0.287, 0.291))));
    String reg = line(v, "Regularisation");
    assertTrue(reg.contains("from 9.0 ± 0.0 points without it to 3.0 ± 0.0 with conv-0.2"), reg);
    assertTrue(reg.contains("(beyond seed noise)"), reg);
    assertTrue(reg.contains("a narrower gap is not a higher test accuracy"), reg);
    String p = line(v, "Probabilities");
    // the ranking's NLL is 1 - accuracy here: 0.11 for both, so no variant is lower
    assertTrue(p.contains("in 0 of 1 variants"), p);
    assertTrue(p.contains("After temperature scaling of both"), p);
    assertTrue(p.contains("0.2870 ± "), p);

    // a clear, lasting advantage: lower NLL in the ranking and after scaling
    List<String> w =
        verdict(
            List.of(
                scaled(
                    variant("none", 0, 0.09, a(0.80, 0.801, 0.802), null, 0),
                    a(0.42, 0.43, 0.44),
                    a(0.40, 0.401, 0.402)),
                scaled(
                    variant(
                        "head-0.5", 0.5, 0.03, a(0.90, 0.901, 0.902), a(0.90, 0.901, 0.902), 128),
                    a(0.29, 0.30, 0.31),
                    a(0.30, 0.301, 0.302))));
    String q = line(w, "Probabilities");
    assertTrue(q.contains("in 1 of 1 variants (head-0.5)"), q);
    assertTrue(q.contains("(-50 %)"), q);
    assertTrue(q.contains("dropout keeps 77 % of its advantage (0.1000 of 0.1300 nats)"), q);
  }

  @Test
  void aVariantsCostIsItsFastestSeedsBecauseInterferenceOnlyAddsTime() {
    List<VariantResult> head =
        variant("head-0.5", 0.5, 0.03, a(0.9, 0.9, 0.9), a(0.9, 0.9, 0.9), 128);
    double[] mcMs = {9, 6, 12};
    double[] detMs = {0.5, 0.3, 0.4};
    List<VariantResult> timed = new ArrayList<>();
    for (int i = 0; i < head.size(); i++) {
      timed.add(head.get(i).withCost(new CostResult(100, 30, 1, 3, detMs[i], mcMs[i])));
    }
    VariantSummary s = VariantSummary.of(timed, "holdout").get(0);
    assertEquals(6, s.mcMs().mean(), 0.0);
    assertEquals(0.3, s.detMs().mean(), 0.0);
    String cost = line(Conclusions.of(List.of(s), "holdout", 9000), "MC cost per image");
    assertTrue(cost.contains("from 6.00 ms (20.0x a deterministic pass"), cost);
  }

  @Test
  void aSmallBaselineGapSaysDropoutIsNotExpectedToHelp() {
    List<String> v = verdict(List.of(variant("none", 0, 0.02, a(0.88, 0.89, 0.90), null, 0)));
    assertTrue(line(v, "Without dropout").contains("does not over-fit"), v.toString());
    assertTrue(line(v, "Without dropout").contains("2.00 ± "), v.toString());
    assertTrue(line(v, "Answer").contains("no run with dropout has finished yet"), v.toString());
    assertTrue(line(v, "Out-of-distribution").endsWith("(deterministic entropy)."), v.toString());
  }

  @Test
  void dropoutBeforeBatchNormIsComparedDeterministicAndMc() {
    List<String> v =
        verdict(
            List.of(
                variant("conv-0.1", 0.1, 0.02, a(0.900, 0.901, 0.902), a(0.90, 0.901, 0.902), 2000),
                // deterministic clearly lower, MC within noise of conv-0.1
                variant(
                    "prebn-0.1", 0.1, 0.02, a(0.850, 0.851, 0.852), a(0.89, 0.90, 0.91), 5000)));
    String order = line(v, "Order relative to batch norm at rate 0.1");
    assertTrue(order.contains("-5.00 points deterministic (beyond seed noise)"), order);
    assertTrue(order.contains("with MC (intervals overlap)"), order);
    assertTrue(order.contains("within seed noise"), order);
  }

  @Test
  void locationVersusMagnitudeComparesTheMatchedPair() {
    List<String> v =
        verdict(
            List.of(
                variant("head-0.5", 0.5, 0.03, a(0.90, 0.91, 0.92), a(0.90, 0.91, 0.92), 128),
                variant(
                    "matched-head-0.5",
                    0.5,
                    0.03,
                    a(0.905, 0.915, 0.925),
                    a(0.905, 0.915, 0.925),
                    127.9)));
    String lvm = line(v, "Location vs magnitude");
    assertTrue(lvm.contains("(128.0 and 127.9)"), lvm);
    assertTrue(lvm.contains("indistinguishable: at equal magnitude"), lvm);
  }

  @Test
  void locationVersusMagnitudeSaysWhichMetricSeparatedThePair() {
    List<String> v =
        verdict(
            List.of(
                variant("head-0.5", 0.5, 0.03, a(0.90, 0.91, 0.92), a(0.90, 0.91, 0.92), 128),
                variant(
                    "matched-head-0.5",
                    0.5,
                    0.08,
                    a(0.80, 0.81, 0.82),
                    a(0.80, 0.81, 0.82),
                    127.9)));
    String lvm = line(v, "Location vs magnitude");
    assertTrue(
        lvm.contains("head-0.5 is better in accuracy and NLL beyond seed noise; train"), lvm);
    assertTrue(lvm.contains("gap 3.0 ± 0.0 vs 8.0 ± 0.0 points"), lvm);
  }

  @Test
  void recommendationPicksTheCheapestVariantIndistinguishableFromTheBest() {
    List<String> v =
        verdict(
            List.of(
                variant("none", 0, 0.08, a(0.80, 0.81, 0.82), null, 0),
                variant("conv-0.2", 0.2, 0.03, a(0.92, 0.93, 0.94), a(0.92, 0.93, 0.94), 4000, 9),
                variant(
                    "head-0.5", 0.5, 0.04, a(0.915, 0.925, 0.935), a(0.915, 0.925, 0.935), 128, 1.2),
                // cheaper still, but its NLL interval is apart from the best: never recommended
                variant("head-0.1", 0.1, 0.07, a(0.70, 0.71, 0.72), a(0.70, 0.71, 0.72), 25, 1.1)));
    String rec = line(v, "Recommendation:");
    assertTrue(rec.contains("head-0.5 (desc head-0.5) is indistinguishable"), rec);
    assertTrue(rec.contains("lowest-NLL variant conv-0.2"), rec);
    assertTrue(rec.contains("costs 1.20 ms per MC prediction (1.2x a deterministic pass)"), rec);
    assertTrue(rec.contains("against 9.00 ms (9.0x)"), rec);
    String answer = line(v, "Answer for this data");
    assertTrue(answer.contains("dropout helped where it was put as in conv-0.2, head-0.5"), answer);
  }

  @Test
  void noRecommendationWhenTheBestIsAlsoTheCheapest() {
    List<String> v =
        verdict(
            List.of(
                variant("none", 0, 0.08, a(0.88, 0.89, 0.90), null, 0),
                variant("head-0.5", 0.5, 0.04, a(0.92, 0.93, 0.94), a(0.92, 0.93, 0.94), 128, 1.2),
                variant(
                    "conv-0.2", 0.2, 0.03, a(0.915, 0.925, 0.935), a(0.915, 0.925, 0.935), 4000, 9)));
    assertTrue(v.stream().noneMatch(l -> l.startsWith("Recommendation:")), v.toString());
  }

  @Test
  void answerSaysAllVariantsWhenNoneMovedAccuracy() {
    List<String> v =
        verdict(
            List.of(
                variant("none", 0, 0.08, a(0.88, 0.89, 0.90), null, 0),
                variant("head-0.5", 0.5, 0.04, a(0.885, 0.895, 0.905), a(0.885, 0.895, 0.905), 128),
                variant(
                    "conv-0.1", 0.1, 0.03, a(0.882, 0.892, 0.902), a(0.882, 0.892, 0.902), 2000)));
    String answer = line(v, "Answer for this data");
    assertTrue(
        answer.contains("within seed noise of no dropout in all 2 variants with dropout"), answer);
    assertTrue(answer.contains("and lower in none."), answer);
  }

  @Test
  void oneSeedCannotTellVariantsApart() {
    List<String> v =
        verdict(
            List.of(
                variant("none", 0, 0.08, a(0.88), null, 0),
                variant("head-0.5", 0.5, 0.05, a(0.95), a(0.95), 128)));
    assertTrue(line(v, "Lowest test NLL").contains("With one seed per variant"), v.toString());
    assertTrue(line(v, "head:").contains("indistinguishable"), v.toString());
    assertEquals(1, VariantSummary.of(List.of(), "holdout").size() + 1);
  }
}

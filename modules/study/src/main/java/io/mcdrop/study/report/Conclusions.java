package io.mcdrop.study.report;

import io.mcdrop.study.run.VariantResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Plain-words findings computed from a study's numbers. Every sentence is built from measured
 * values and comparisons; when a comparison is not possible (no baseline, no OOD set) the sentence
 * is left out rather than guessed.
 */
public final class Conclusions {
  private Conclusions() {}

  /** Differences smaller than this (in NLL nats) are called a tie. */
  static final double NLL_TIE = 0.002;

  /** Variants ordered by the NLL of their best pass (MC when measured), lowest first. */
  public static List<VariantResult> ranked(List<VariantResult> results) {
    List<VariantResult> r = new ArrayList<>(results);
    r.sort(Comparator.comparingDouble((VariantResult v) -> v.best().nll()));
    return r;
  }

  public static List<String> of(List<VariantResult> results, String oodSet) {
    List<String> out = new ArrayList<>();
    if (results.isEmpty()) {
      return out;
    }
    List<VariantResult> ranked = ranked(results);
    VariantResult win = ranked.get(0);
    Optional<VariantResult> none = results.stream().filter(v -> !v.hasDropout()).findFirst();
    StringBuilder first =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "Lowest test NLL: %s (%s) with NLL %.4f, accuracy %.2f%% and ECE %.4f%s.",
                win.key(),
                win.description(),
                win.best().nll(),
                100 * win.best().accuracy(),
                win.best().ece(),
                win.mc() != null ? " using MC dropout" : ""));
    if (ranked.size() > 1) {
      VariantResult second = ranked.get(1);
      double d = second.best().nll() - win.best().nll();
      first.append(
          String.format(
              Locale.ROOT,
              d < NLL_TIE
                  ? " It is practically tied with %s (NLL %.4f)."
                  : " The runner-up, %s, scored NLL %.4f.",
              second.key(),
              second.best().nll()));
    }
    out.add(first.toString());
    none.ifPresent(base -> out.addAll(versusBaseline(results, base)));
    out.addAll(mcVersusDeterministic(results));
    if (oodSet != null) {
      out.addAll(ood(results, oodSet));
    }
    out.addAll(cost(results));
    return out;
  }

  private static List<String> versusBaseline(List<VariantResult> results, VariantResult base) {
    List<String> out = new ArrayList<>();
    for (VariantResult v : results) {
      if (!v.hasDropout()) {
        continue;
      }
      double g0 = 100 * base.accuracyGap();
      double g1 = 100 * v.accuracyGap();
      double accChange = 100 * (v.best().accuracy() - base.best().accuracy());
      double nllChange = v.best().nll() - base.best().nll();
      out.add(
          String.format(
              Locale.ROOT,
              "%s (%s, rate %s) %s the train/validation accuracy gap (%.2f -> %.2f points, %s)"
                  + " and %s test accuracy by %.2f points; its test NLL is %.4f %s than without"
                  + " dropout.",
              v.key(),
              v.description(),
              trim(v.rate()),
              Math.abs(g1) <= Math.abs(g0) ? "narrowed" : "widened",
              g0,
              g1,
              g1 < 0
                  ? "negative: validation above the running train accuracy, which dropout lowers"
                  : "positive: train above validation",
              accChange >= 0 ? "raised" : "lowered",
              Math.abs(accChange),
              Math.abs(nllChange),
              nllChange <= 0 ? "lower" : "higher"));
    }
    return out;
  }

  private static List<String> mcVersusDeterministic(List<VariantResult> results) {
    List<VariantResult> withMc = results.stream().filter(v -> v.mc() != null).toList();
    if (withMc.isEmpty()) {
      return List.of();
    }
    int nllBetter = 0;
    int eceBetter = 0;
    List<String> hurt = new ArrayList<>();
    VariantResult largest = null;
    double largestGain = Double.NEGATIVE_INFINITY;
    for (VariantResult v : withMc) {
      double gain = v.deterministic().nll() - v.mc().nll();
      if (gain > 0) {
        nllBetter++;
      } else {
        hurt.add(v.key());
      }
      if (v.mc().ece() < v.deterministic().ece()) {
        eceBetter++;
      }
      if (gain > largestGain) {
        largestGain = gain;
        largest = v;
      }
    }
    List<String> out = new ArrayList<>();
    out.add(
        String.format(
            Locale.ROOT,
            "MC dropout (T=%d) lowered test NLL in %d of %d variants with dropout and lowered ECE"
                + " in %d of %d; the largest NLL gain was %.4f nats for %s (%.4f -> %.4f).",
            withMc.get(0).samples(),
            nllBetter,
            withMc.size(),
            eceBetter,
            withMc.size(),
            largestGain,
            largest.key(),
            largest.deterministic().nll(),
            largest.mc().nll()));
    if (!hurt.isEmpty()) {
      out.add(
          "MC dropout did not help NLL (deterministic was as good or better) for: "
              + String.join(", ", hurt)
              + ".");
    }
    return out;
  }

  private static List<String> ood(List<VariantResult> results, String set) {
    List<String> out = new ArrayList<>();
    VariantResult bestV = null;
    String bestScore = null;
    double best = Double.NEGATIVE_INFINITY;
    int miWins = 0;
    int miCompared = 0;
    for (VariantResult v : results) {
      for (VariantResult.Pass p :
          v.mc() != null ? List.of(v.deterministic(), v.mc()) : List.of(v.deterministic())) {
        var scores = p.oodAuroc().get(set);
        if (scores == null) {
          continue;
        }
        for (var e : scores.entrySet()) {
          if (e.getValue() != null && e.getValue() > best) {
            best = e.getValue();
            bestV = v;
            bestScore = (p == v.mc() ? "MC " : "deterministic ") + e.getKey();
          }
        }
      }
      if (v.mc() != null) {
        double mi = v.mc().ood(set, "mutual-info");
        double ent = v.mc().ood(set, "entropy");
        if (Double.isFinite(mi) && Double.isFinite(ent)) {
          miCompared++;
          miWins += mi > ent ? 1 : 0;
        }
      }
    }
    if (bestV == null) {
      return out;
    }
    out.add(
        String.format(
            Locale.ROOT,
            "Out-of-distribution (%s): the best detector was %s of %s with AUROC %.3f%s.",
            set,
            bestScore,
            bestV.key(),
            best,
            best < 0.6 ? ", barely better than chance" : ""));
    if (miCompared > 0) {
      out.add(
          String.format(
              Locale.ROOT,
              "Mutual information (the epistemic part) beat predictive entropy at flagging %s in %d"
                  + " of %d MC variants.",
              set,
              miWins,
              miCompared));
    }
    return out;
  }

  private static List<String> cost(List<VariantResult> results) {
    List<VariantResult> withMc =
        results.stream().filter(v -> v.mc() != null && Double.isFinite(v.mcCostRatio())).toList();
    if (withMc.isEmpty()) {
      return List.of();
    }
    VariantResult cheap =
        withMc.stream().min(Comparator.comparingDouble(VariantResult::mcCostRatio)).get();
    VariantResult dear =
        withMc.stream().max(Comparator.comparingDouble(VariantResult::mcCostRatio)).get();
    String line =
        String.format(
            Locale.ROOT,
            "MC inference cost from %.1fx (%s, %.3f ms/image) to %.1fx (%s, %.3f ms/image) a"
                + " deterministic pass.",
            cheap.mcCostRatio(),
            cheap.key(),
            cheap.mc().msPerImage(),
            dear.mcCostRatio(),
            dear.key(),
            dear.mc().msPerImage());
    if (cheap.placement().equals("head") && !dear.placement().equals("head")) {
      // the measured ordering matches the mechanism: only a head-only variant has a trunk to cache
      line +=
          " With dropout only in the head the runtime runs the conv trunk once per image and"
              + " samples just the head; dropout in conv blocks makes every sample a full pass.";
    }
    return List.of(line);
  }

  static String trim(double r) {
    String s = String.format(Locale.ROOT, "%.4f", r).replaceAll("0+$", "");
    return s.endsWith(".") ? s + "0" : s;
  }
}

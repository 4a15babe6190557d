package io.mcdrop.study.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The plain-words verdict, computed from a study's numbers. Every sentence is built from measured
 * means and 95 % intervals over seeds; two variants whose intervals overlap are called
 * indistinguishable, never ranked against each other. When a comparison is not possible (no
 * baseline, one seed, no OOD set) its sentence is left out rather than guessed.
 */
public final class Conclusions {
  /** A no-dropout train − validation gap (fraction) at least this large counts as over-fitting. */
  public static final double OVERFIT_GAP = 0.05;

  private static final List<String> FAMILIES = List.of("head", "conv", "spatial", "all", "prebn");

  private Conclusions() {}

  /** Variants ordered by the mean NLL of their ranked pass (MC when measured), lowest first. */
  public static List<VariantSummary> ranked(List<VariantSummary> s) {
    List<VariantSummary> r = new ArrayList<>(s);
    r.sort(Comparator.comparingDouble((VariantSummary v) -> v.nll().mean()));
    return r;
  }

  /** Every verdict sentence, in reading order. */
  public static List<String> of(List<VariantSummary> s, String oodSet, int trainImages) {
    List<String> out = new ArrayList<>();
    if (s.isEmpty()) {
      return out;
    }
    Optional<VariantSummary> none = s.stream().filter(v -> !v.hasDropout()).findFirst();
    none.ifPresent(n -> out.add(regime(n)));
    out.add(winner(ranked(s)));
    none.ifPresent(n -> out.addAll(families(s, n)));
    out.addAll(batchNormOrder(s));
    out.addAll(locationVersusMagnitude(s));
    out.addAll(mcVersusDeterministic(s));
    out.addAll(calibration(s));
    if (oodSet != null) {
      out.addAll(ood(s, oodSet));
    }
    out.addAll(cost(s));
    none.ifPresent(n -> out.addAll(answer(s, n, trainImages)));
    return out;
  }

  static String regime(VariantSummary none) {
    Interval g = none.gap();
    boolean over = g.mean() >= OVERFIT_GAP;
    return String.format(
        Locale.ROOT,
        "Without dropout the final train − validation accuracy gap is %s points (%s): %s",
        g.text(100, 2),
        seeds(g),
        over
            ? "the baseline over-fits, so dropout has something to remove."
            : "the baseline does not over-fit (gap under 5 points), so dropout is not expected to"
                + " raise accuracy here; the ranking mostly measures what it costs.");
  }

  static String winner(List<VariantSummary> ranked) {
    VariantSummary w = ranked.get(0);
    List<String> ties = new ArrayList<>();
    for (VariantSummary v : ranked.subList(1, ranked.size())) {
      if (v.nll().overlaps(w.nll())) {
        ties.add(v.key());
      }
    }
    String base =
        String.format(
            Locale.ROOT,
            "Lowest test NLL: %s (%s), NLL %s, accuracy %s %%%s.",
            w.key(),
            w.description(),
            w.nll().text(1, 4),
            w.accuracy().text(100, 2),
            w.hasMc() ? " with MC dropout" : "");
    if (!w.nll().known()) {
      return base + " With one seed per variant no difference can be told from seed noise.";
    }
    return base
        + (ties.isEmpty()
            ? " No other variant's 95 % interval overlaps it."
            : " Indistinguishable from it (95 % intervals overlap): "
                + String.join(", ", ties)
                + ".");
  }

  /** Per placement: its best rate by accuracy against no dropout, and the trend over rates. */
  static List<String> families(List<VariantSummary> s, VariantSummary none) {
    List<String> out = new ArrayList<>();
    for (String fam : FAMILIES) {
      List<VariantSummary> f =
          s.stream()
              .filter(v -> v.placement().equals(fam))
              .sorted(Comparator.comparingDouble(VariantSummary::rate))
              .toList();
      if (f.isEmpty()) {
        continue;
      }
      VariantSummary best =
          f.stream().max(Comparator.comparingDouble(v -> v.accuracy().mean())).get();
      double diff = 100 * (best.accuracy().mean() - none.accuracy().mean());
      boolean apart = !best.accuracy().overlaps(none.accuracy());
      StringBuilder sb =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "%s: best at rate %s, test accuracy %s %% vs %s %% without dropout (%+.2f"
                      + " points, %s)",
                  fam,
                  trim(best.rate()),
                  best.accuracy().text(100, 2),
                  none.accuracy().text(100, 2),
                  diff,
                  apart
                      ? (diff > 0 ? "a gain beyond seed noise" : "a loss beyond seed noise")
                      : "indistinguishable from no dropout"));
      if (f.size() > 1) {
        sb.append("; by rate ");
        List<String> steps = new ArrayList<>();
        for (VariantSummary v : f) {
          steps.add(
              trim(v.rate())
                  + ": "
                  + String.format(Locale.ROOT, "%.2f", 100 * v.accuracy().mean())
                  + " %");
        }
        sb.append(String.join(", ", steps));
      }
      sb.append('.');
      out.add(sb.toString());
    }
    return out;
  }

  /** conv-r (conv/bn/relu/dropout) against prebn-r (conv/dropout/bn/relu), det and MC. */
  static List<String> batchNormOrder(List<VariantSummary> s) {
    List<String> out = new ArrayList<>();
    for (VariantSummary pre : s) {
      if (!pre.placement().equals("prebn")) {
        continue;
      }
      Optional<VariantSummary> post =
          s.stream()
              .filter(v -> v.placement().equals("conv") && v.rate() == pre.rate())
              .findFirst();
      if (post.isEmpty()) {
        continue;
      }
      VariantSummary c = post.get();
      double det = 100 * (pre.detAccuracy().mean() - c.detAccuracy().mean());
      double mc = 100 * (pre.mcAccuracy().mean() - c.mcAccuracy().mean());
      boolean detApart = !pre.detAccuracy().overlaps(c.detAccuracy());
      boolean mcApart = !pre.mcAccuracy().overlaps(c.mcAccuracy());
      String verdict;
      if (detApart && det < 0) {
        verdict =
            mcApart && mc < 0
                ? "the variance-shift penalty Li et al. (2019) predict is there, and MC averaging"
                    + " does not remove it"
                : "the variance-shift penalty Li et al. (2019) predict shows in the deterministic"
                    + " pass; with MC dropout (the training-time statistics) it is within seed"
                    + " noise";
      } else {
        verdict =
            "no deterministic penalty beyond seed noise at this rate, so the variance shift Li et"
                + " al. (2019) predict is not measurable here";
      }
      out.add(
          String.format(
              Locale.ROOT,
              "Order relative to batch norm at rate %s: conv/bn/relu/dropout (%s) scored %s %%"
                  + " deterministic and %s %% with MC; conv/dropout/bn/relu (%s) %s %% and %s"
                  + " %%. Dropout before batch norm changed accuracy by %+.2f points"
                  + " deterministic (%s) and %+.2f with MC (%s): %s.",
              trim(pre.rate()),
              c.key(),
              c.detAccuracy().text(100, 2),
              c.mcAccuracy().text(100, 2),
              pre.key(),
              pre.detAccuracy().text(100, 2),
              pre.mcAccuracy().text(100, 2),
              det,
              detApart ? "beyond seed noise" : "intervals overlap",
              mc,
              mcApart ? "beyond seed noise" : "intervals overlap",
              verdict));
    }
    return out;
  }

  /** matched-head-r against head-r: the same expected dropped units, placed differently. */
  static List<String> locationVersusMagnitude(List<VariantSummary> s) {
    List<String> out = new ArrayList<>();
    for (VariantSummary m : s) {
      if (!m.placement().equals("matched")) {
        continue;
      }
      Optional<VariantSummary> head =
          s.stream().filter(v -> v.placement().equals("head") && v.rate() == m.rate()).findFirst();
      if (head.isEmpty()) {
        continue;
      }
      VariantSummary h = head.get();
      boolean accApart = !m.accuracy().overlaps(h.accuracy());
      boolean nllApart = !m.nll().overlaps(h.nll());
      String verdict;
      if (!accApart && !nllApart) {
        verdict =
            "indistinguishable: at equal magnitude, location did not matter here beyond seed noise";
      } else {
        String better = m.nll().mean() < h.nll().mean() ? m.key() : h.key();
        List<String> on = new ArrayList<>();
        if (accApart) {
          on.add("accuracy");
        }
        if (nllApart) {
          on.add("NLL");
        }
        verdict =
            "location mattered at equal magnitude: "
                + better
                + " is better in "
                + String.join(" and ", on)
                + " beyond seed noise"
                + (accApart ? "" : " (accuracy within seed noise)");
      }
      verdict +=
          String.format(
              Locale.ROOT,
              "; train − validation gap %s vs %s points",
              h.gap().text(100, 1),
              m.gap().text(100, 1));
      out.add(
          String.format(
              Locale.ROOT,
              "Location vs magnitude: %s and %s zero the same expected number of units per image"
                  + " (%.1f and %.1f) in different places (%s); test accuracy %s %% vs %s %%, NLL"
                  + " %s vs %s: %s.",
              h.key(),
              m.key(),
              h.droppedUnits(),
              m.droppedUnits(),
              spec(m),
              h.accuracy().text(100, 2),
              m.accuracy().text(100, 2),
              h.nll().text(1, 4),
              m.nll().text(1, 4),
              verdict));
    }
    List<VariantSummary> dropping =
        s.stream().filter(v -> v.hasDropout() && v.droppedUnits() > 0).toList();
    if (dropping.size() > 1) {
      VariantSummary most =
          dropping.stream().max(Comparator.comparingDouble(VariantSummary::droppedUnits)).get();
      VariantSummary least =
          dropping.stream().min(Comparator.comparingDouble(VariantSummary::droppedUnits)).get();
      out.add(
          String.format(
              Locale.ROOT,
              "Magnitude: %s zeroes %.0f units per image and forward pass in expectation, %.0fx as"
                  + " many as %s (%.1f); the rate alone does not say how much a variant drops.",
              most.key(),
              most.droppedUnits(),
              most.droppedUnits() / least.droppedUnits(),
              least.key(),
              least.droppedUnits()));
    }
    return out;
  }

  static List<String> mcVersusDeterministic(List<VariantSummary> s) {
    List<VariantSummary> mc = s.stream().filter(VariantSummary::hasMc).toList();
    if (mc.isEmpty()) {
      return List.of();
    }
    List<String> nllBetter = new ArrayList<>();
    List<String> nllWorse = new ArrayList<>();
    List<String> accBetter = new ArrayList<>();
    List<String> accWorse = new ArrayList<>();
    for (VariantSummary v : mc) {
      Interval g = v.mcNllGain();
      if (g.known() && g.lo() > 0) {
        nllBetter.add(v.key());
      } else if (g.known() && g.hi() < 0) {
        nllWorse.add(v.key());
      }
      Interval a = v.mcAccuracyGain();
      if (a.known() && a.lo() > 0) {
        accBetter.add(v.key());
      } else if (a.known() && a.hi() < 0) {
        accWorse.add(v.key());
      }
    }
    VariantSummary largest =
        mc.stream().max(Comparator.comparingDouble(v -> v.mcNllGain().mean())).get();
    List<String> out = new ArrayList<>();
    out.add(
        String.format(
            Locale.ROOT,
            "MC dropout vs the deterministic pass of the same models (paired by seed): MC lowered"
                + " test NLL beyond seed noise in %d of %d variants%s and raised it in %d%s;"
                + " it raised accuracy beyond seed noise in %d%s and lowered it in %d%s. Largest"
                + " mean NLL gain: %s, %.4f nats.",
            nllBetter.size(),
            mc.size(),
            list(nllBetter),
            nllWorse.size(),
            list(nllWorse),
            accBetter.size(),
            list(accBetter),
            accWorse.size(),
            list(accWorse),
            largest.key(),
            largest.mcNllGain().mean()));
    return out;
  }

  /** What temperature scaling did to calibration and whether it changes the NLL ranking. */
  static List<String> calibration(List<VariantSummary> s) {
    List<VariantSummary> cal = s.stream().filter(v -> v.calibrated() != null).toList();
    if (cal.isEmpty()) {
      return List.of();
    }
    double eceBefore =
        cal.stream().mapToDouble(v -> v.calibrated().eceBefore().mean()).average().orElseThrow();
    double eceAfter =
        cal.stream().mapToDouble(v -> v.calibrated().ece().mean()).average().orElseThrow();
    List<VariantSummary> byCalibrated = new ArrayList<>(cal);
    byCalibrated.sort(Comparator.comparingDouble(v -> v.calibrated().nll().mean()));
    VariantSummary w = byCalibrated.get(0);
    VariantSummary rawWinner =
        cal.stream().min(Comparator.comparingDouble(v -> v.calibrated().nllBefore().mean())).get();
    List<String> ties = new ArrayList<>();
    for (VariantSummary v : byCalibrated.subList(1, byCalibrated.size())) {
      if (v.calibrated().nll().overlaps(w.calibrated().nll())) {
        ties.add(v.key());
      }
    }
    double spreadBefore =
        cal.stream().mapToDouble(v -> v.calibrated().nllBefore().mean()).max().orElseThrow()
            - cal.stream().mapToDouble(v -> v.calibrated().nllBefore().mean()).min().orElseThrow();
    double spreadAfter =
        cal.stream().mapToDouble(v -> v.calibrated().nll().mean()).max().orElseThrow()
            - cal.stream().mapToDouble(v -> v.calibrated().nll().mean()).min().orElseThrow();
    return List.of(
        String.format(
            Locale.ROOT,
            "Temperature scaling (fitted per run on the validation split, measured on the test"
                + " images): mean ECE over %d variants %.4f → %.4f; the NLL spread between the"
                + " best and worst variant %.4f → %.4f nats. Lowest NLL after scaling: %s (%s)%s%s.",
            cal.size(),
            eceBefore,
            eceAfter,
            spreadBefore,
            spreadAfter,
            w.key(),
            w.calibrated().nll().text(1, 4),
            w == rawWinner
                ? ", the same variant as before scaling"
                : ", before scaling it was " + rawWinner.key(),
            !w.calibrated().nll().known()
                ? ""
                : ties.isEmpty()
                    ? "; no other variant's interval overlaps it"
                    : "; indistinguishable from it: " + String.join(", ", ties)));
  }

  static List<String> ood(List<VariantSummary> s, String set) {
    List<VariantSummary> known = s.stream().filter(v -> Double.isFinite(v.ood().mean())).toList();
    if (known.isEmpty()) {
      return List.of();
    }
    VariantSummary best = known.stream().max(Comparator.comparingDouble(v -> v.ood().mean())).get();
    List<String> ties = new ArrayList<>();
    for (VariantSummary v : known) {
      if (v != best && v.ood().overlaps(best.ood())) {
        ties.add(v.key());
      }
    }
    return List.of(
        String.format(
            Locale.ROOT,
            "Out-of-distribution (%s): best AUROC %s for %s (%s)%s.",
            set,
            best.ood().text(1, 3),
            best.key(),
            best.hasMc() ? "MC mutual information" : "deterministic entropy",
            known.size() == 1
                ? ""
                : ties.isEmpty()
                    ? ", no other variant's interval overlaps it"
                    : "; indistinguishable from it: " + String.join(", ", ties)));
  }

  static List<String> cost(List<VariantSummary> s) {
    List<VariantSummary> mc =
        s.stream()
            .filter(v -> v.hasMc() && Double.isFinite(v.mcMs().mean()) && v.detMs().mean() > 0)
            .toList();
    if (mc.isEmpty()) {
      return List.of();
    }
    Comparator<VariantSummary> byRatio =
        Comparator.comparingDouble(v -> v.mcMs().mean() / v.detMs().mean());
    VariantSummary cheap = mc.stream().min(byRatio).get();
    VariantSummary dear = mc.stream().max(byRatio).get();
    String line =
        String.format(
            Locale.ROOT,
            "MC cost per image: from %.2f ms (%.1fx a deterministic pass, %s) to %.2f ms (%.1fx,"
                + " %s).",
            cheap.mcMs().mean(),
            cheap.mcMs().mean() / cheap.detMs().mean(),
            cheap.key(),
            dear.mcMs().mean(),
            dear.mcMs().mean() / dear.detMs().mean(),
            dear.key());
    if (cheap.placement().equals("head") && !dear.placement().equals("head")) {
      line +=
          " With dropout only in the head the runtime computes the conv trunk once per image and"
              + " samples only the head; dropout in conv blocks makes every sample a full pass.";
    }
    return List.of(line);
  }

  /** The answer to "where should dropout go, and how much?" for this data and network. */
  static List<String> answer(List<VariantSummary> s, VariantSummary none, int trainImages) {
    List<String> helped = new ArrayList<>();
    List<String> hurt = new ArrayList<>();
    List<String> neutral = new ArrayList<>();
    VariantSummary bestGain = null;
    for (VariantSummary v : s) {
      if (!v.hasDropout()) {
        continue;
      }
      boolean apart = !v.accuracy().overlaps(none.accuracy());
      double d = v.accuracy().mean() - none.accuracy().mean();
      if (apart && d > 0) {
        helped.add(v.key());
        if (bestGain == null || v.accuracy().mean() > bestGain.accuracy().mean()) {
          bestGain = v;
        }
      } else if (apart) {
        hurt.add(v.key());
      } else {
        neutral.add(v.key());
      }
    }
    List<String> out = new ArrayList<>();
    double gap = 100 * none.gap().mean();
    if (helped.isEmpty() && hurt.isEmpty() && neutral.isEmpty()) {
      out.add("Answer: no run with dropout has finished yet, so there is nothing to compare.");
    } else if (bestGain != null) {
      out.add(
          String.format(
              Locale.ROOT,
              "Answer for this data and network: dropout helped where it was put as in %s; the"
                  + " largest gain was %s (%s), %+.2f accuracy points over no dropout. It made no"
                  + " difference beyond seed noise in %s, and cost accuracy in %s.",
              String.join(", ", helped),
              bestGain.key(),
              bestGain.description(),
              100 * (bestGain.accuracy().mean() - none.accuracy().mean()),
              neutral.isEmpty() ? "no variant" : String.join(", ", neutral),
              hurt.isEmpty() ? "no variant" : String.join(", ", hurt)));
    } else {
      out.add(
          String.format(
              Locale.ROOT,
              "Answer for this data and network: no placement or rate raised test accuracy beyond"
                  + " seed noise over no dropout (gap without dropout %.1f points). Test accuracy"
                  + " was within seed noise of no dropout in %s, and lower in %s.",
              gap,
              neutral.isEmpty()
                  ? "no variant"
                  : hurt.isEmpty()
                      ? "all " + neutral.size() + " variants with dropout"
                      : String.join(", ", neutral),
              hurt.isEmpty() ? "none" : String.join(", ", hurt)));
    }
    recommendation(s).ifPresent(out::add);
    if (!helped.isEmpty() || !hurt.isEmpty() || !neutral.isEmpty()) {
      out.add(regularisation(s, none));
      out.add(probabilities(s, none));
    }
    out.add(
        "On your own data: first train without dropout and look at the train − validation gap;"
            + " if it is small, dropout has little to remove. Then measure instead of guessing:"
            + " mcdrop study --data YOUR_DATA --arch YOUR_SPEC --variants standard --seeds 3"
            + " (mcdrop advise checks a model or spec for misplaced dropout first).");
    out.add(
        String.format(
            Locale.ROOT,
            "What would change: this ran on %d labelled training images (validation included), where the no-dropout gap was %.1f"
                + " points. More data narrows the gap and with it what dropout can win; a bigger"
                + " net (more parameters per image) widens it and makes regularisation matter"
                + " more. This study measures neither; rerun it with another --train-limit or a"
                + " wider --arch to see.",
            trainImages,
            gap));
    return out;
  }

  /**
   * The practical pick: among the variants whose NLL interval overlaps the lowest, the one with the
   * cheapest MC prediction, against the winner's cost. Empty without cost numbers or a winner that
   * is already the cheapest.
   */
  static Optional<String> recommendation(List<VariantSummary> s) {
    List<VariantSummary> ranked = ranked(s);
    if (ranked.isEmpty() || !ranked.get(0).hasDropout()) {
      return Optional.empty();
    }
    VariantSummary best = ranked.get(0);
    Optional<VariantSummary> cheapest =
        ranked.stream()
            .filter(VariantSummary::hasDropout)
            .filter(v -> v == best || v.nll().overlaps(best.nll()))
            .filter(v -> Double.isFinite(v.mcMs().mean()) && Double.isFinite(v.detMs().mean()))
            .min(Comparator.comparingDouble(v -> v.mcMs().mean()));
    if (cheapest.isEmpty()
        || cheapest.get() == best
        || !Double.isFinite(best.mcMs().mean())) {
      return Optional.empty();
    }
    VariantSummary c = cheapest.get();
    return Optional.of(
        String.format(
            Locale.ROOT,
            "Recommendation: for uncertainty from MC dropout, %s (%s) is indistinguishable from the"
                + " lowest-NLL variant %s (NLL %s vs %s) and costs %.2f ms per MC prediction"
                + " (%.1fx a deterministic pass) against %.2f ms (%.1fx): take the cheaper one"
                + " unless your own study separates them.",
            c.key(),
            c.description(),
            best.key(),
            c.nll().text(1, 4),
            best.nll().text(1, 4),
            c.mcMs().mean(),
            c.mcMs().mean() / c.detMs().mean(),
            best.mcMs().mean(),
            best.mcMs().mean() / best.detMs().mean()));
  }

  /** What dropout did to the gap it is meant to shrink, whether or not accuracy moved. */
  static String regularisation(List<VariantSummary> s, VariantSummary none) {
    VariantSummary narrowest =
        s.stream()
            .filter(VariantSummary::hasDropout)
            .min(Comparator.comparingDouble(v -> v.gap().mean()))
            .orElseThrow();
    boolean apart = !narrowest.gap().overlaps(none.gap());
    return String.format(
        Locale.ROOT,
        "Regularisation: dropout narrowed the train − validation gap from %s points without it"
            + " to %s with %s (%s), so it did what a regulariser does%s.",
        none.gap().text(100, 1),
        narrowest.gap().text(100, 1),
        narrowest.key(),
        apart ? "beyond seed noise" : "intervals overlap",
        narrowest.accuracy().overlaps(none.accuracy())
            ? "; a narrower gap is not a higher test accuracy: that stayed within seed noise of no"
                + " dropout"
            : "");
  }

  /**
   * What dropout did to the probabilities (test NLL of the ranked pass against no dropout), and
   * whether the advantage survives temperature scaling of both.
   */
  static String probabilities(List<VariantSummary> s, VariantSummary none) {
    List<String> lower = new ArrayList<>();
    int dropping = 0;
    for (VariantSummary v : s) {
      if (!v.hasDropout()) {
        continue;
      }
      dropping++;
      if (!v.nll().overlaps(none.nll()) && v.nll().mean() < none.nll().mean()) {
        lower.add(v.key());
      }
    }
    VariantSummary best =
        s.stream()
            .filter(VariantSummary::hasDropout)
            .min(Comparator.comparingDouble(v -> v.nll().mean()))
            .orElseThrow();
    StringBuilder sb =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "Probabilities: dropout lowered test NLL beyond seed noise in %d of %d"
                    + " variants%s; the lowest, %s, %s nats against %s without dropout (%+.0f %%).",
                lower.size(),
                dropping,
                list(lower),
                best.key(),
                best.nll().text(1, 4),
                none.nll().text(1, 4),
                100 * (best.nll().mean() / none.nll().mean() - 1)));
    if (best.calibrated() != null && none.calibrated() != null) {
      Interval b = best.calibrated().nll();
      Interval n = none.calibrated().nll();
      // before and after from the same calibrated pass (same masks), so they pair exactly
      double gainBefore =
          none.calibrated().nllBefore().mean() - best.calibrated().nllBefore().mean();
      double gainAfter = n.mean() - b.mean();
      sb.append(
          String.format(
              Locale.ROOT,
              " After temperature scaling of both (one number per run, fitted on the validation"
                  + " split) they are %s and %s: %s.",
              b.text(1, 4),
              n.text(1, 4),
              scalingVerdict(gainBefore, gainAfter, !b.overlaps(n))));
    }
    return sb.toString();
  }

  private static String scalingVerdict(double before, double after, boolean apart) {
    if (!(before > 0)) {
      return String.format(Locale.ROOT, "a difference of %+.4f nats", -after);
    }
    if (apart && after > 0) {
      return String.format(
          Locale.ROOT,
          "dropout keeps %.0f %% of its advantage (%.4f of %.4f nats), beyond seed noise",
          100 * after / before,
          after,
          before);
    }
    String s =
        String.format(
            Locale.ROOT,
            "the difference is within seed noise (%+.4f nats, was %+.4f)",
            -after,
            -before);
    return after < before / 2
        ? s
            + ", so most of what dropout gave the probabilities was calibration, which scaling the"
            + " no-dropout model recovers"
        : s;
  }

  private static String spec(VariantSummary v) {
    return "`" + v.spec() + "`";
  }

  private static String seeds(Interval i) {
    return i.n() == 1 ? "1 seed" : "mean and 95 % interval over " + i.n() + " seeds";
  }

  private static String list(List<String> keys) {
    return keys.isEmpty() ? "" : " (" + String.join(", ", keys) + ")";
  }

  static String trim(double r) {
    String s = String.format(Locale.ROOT, "%.4f", r).replaceAll("0+$", "");
    return s.endsWith(".") ? s + "0" : s;
  }
}

package io.mcdrop.evaluation.report;

import io.mcdrop.evaluation.EvaluationReport;
import io.mcdrop.evaluation.ood.OodResult;
import io.mcdrop.evaluation.predict.QualityMetrics;
import io.mcdrop.evaluation.predict.Score;
import io.mcdrop.evaluation.shift.ShiftPoint;
import io.mcdrop.metrics.Calibration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An evaluation as plain maps and lists for any JSON writer; NaN (not applicable, e.g. mutual
 * information without samples) becomes null so the output is valid JSON.
 */
public final class ReportJson {
  private ReportJson() {}

  public static Map<String, Object> of(EvaluationReport r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model", r.model());
    m.put("data", r.data());
    m.put("classes", r.classes());
    m.put("images", r.deterministic().count());
    m.put("samples", r.samples());
    m.put("seed", r.seed());
    m.put("deterministic", quality(r.deterministic(), true));
    m.put("mc", r.mc() == null ? null : quality(r.mc(), true));
    m.put("mcCostRatio", num(r.mcCostRatio()));
    List<Object> ood = new ArrayList<>();
    for (OodResult o : r.ood()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("name", o.name());
      e.put("description", o.description());
      e.put("images", o.count());
      e.put("deterministic", separations(o.deterministic()));
      e.put("mc", o.mc().isEmpty() ? null : separations(o.mc()));
      ood.add(e);
    }
    m.put("ood", ood);
    if (r.shiftSpec() != null) {
      Map<String, Object> sh = new LinkedHashMap<>();
      sh.put("spec", r.shiftSpec());
      List<Object> pts = new ArrayList<>();
      for (ShiftPoint p : r.shift()) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("angle", p.angle());
        e.put("deterministic", quality(p.deterministic(), false));
        e.put("mc", p.mc() == null ? null : quality(p.mc(), false));
        pts.add(e);
      }
      sh.put("points", pts);
      m.put("shift", sh);
    }
    if (r.calibration() != null) {
      CalibrationReport.json(r, m);
    }
    m.put("seconds", num(r.seconds()));
    return m;
  }

  static Map<String, Object> quality(QualityMetrics q, boolean withDetail) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("accuracy", num(q.accuracy()));
    m.put("nll", num(q.nll()));
    m.put("brier", num(q.brier()));
    m.put("ece", num(q.ece()));
    m.put("mce", num(q.mce()));
    if (withDetail) {
      Map<String, Object> au = new LinkedHashMap<>();
      for (Score s : Score.values()) {
        au.put(s.key(), num(q.misclassificationAuroc().get(s)));
      }
      m.put("misclassificationAuroc", au);
      List<Object> bins = new ArrayList<>();
      for (Calibration.Bin b : q.calibration().bins()) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("lower", b.lower());
        e.put("upper", b.upper());
        e.put("count", b.count());
        e.put("accuracy", num(b.accuracy()));
        e.put("confidence", num(b.confidence()));
        bins.add(e);
      }
      m.put("reliability", bins);
      m.put("msPerImage", num(q.msPerImage()));
    }
    return m;
  }

  private static Map<String, Object> separations(Map<Score, OodResult.Separation> s) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Score k : Score.values()) {
      OodResult.Separation v = s.get(k);
      if (v != null) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("auroc", num(v.auroc()));
        e.put("fprAt95Tpr", num(v.fprAt95Tpr()));
        m.put(k.key(), e);
      }
    }
    return m;
  }

  /** NaN and infinities as null. */
  public static Double num(Double d) {
    return d == null || !Double.isFinite(d) ? null : d;
  }
}

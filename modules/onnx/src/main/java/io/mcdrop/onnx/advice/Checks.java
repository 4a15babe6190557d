package io.mcdrop.onnx.advice;

import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.mcdrop.onnx.advice.Finding.Severity;
import io.mcdrop.onnx.graph.GraphIndex;
import io.mcdrop.onnx.inspect.ModelReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The review's rules: each turns graph facts into findings with their evidence. */
final class Checks {
  private Checks() {}

  static List<Finding> dropouts(List<DropoutSite> sites) {
    List<Finding> out = new ArrayList<>();
    for (DropoutSite d : sites) {
      String where = d.node() + " (rate " + rate(d.rate()) + ", after " + d.after() + ")";
      if (d.batchNorm() == DropoutSite.NextBatchNorm.DIRECTLY) {
        out.add(
            new Finding(
                Severity.WARNING,
                "dropout-before-batchnorm",
                "Dropout right before batch norm: during training batch norm learns the variance"
                    + " of dropped-out activations, at inference (dropout off) the variance is"
                    + " different, so the deterministic prediction is shifted (Li et al. 2019,"
                    + " 'variance shift'). Put dropout after the norm and activation"
                    + " (conv/bn/relu/dropout), or compare both orders with mcdrop study.",
                where + " feeds a BatchNormalization with no layer in between"));
      }
      if (d.featureMap() && d.unit() == DropoutSite.Unit.ELEMENT && !d.onInput()) {
        out.add(
            new Finding(
                Severity.SUGGESTION,
                "element-wise-conv-dropout",
                "Element-wise dropout on a conv feature map is a weak regulariser: neighbouring"
                    + " pixels are strongly correlated, so the next conv recovers a dropped pixel"
                    + " from its neighbours. Channel (spatial) dropout, which drops whole feature"
                    + " maps (PyTorch nn.Dropout2d, mcdrop sdrop<p>), is the usual fix.",
                where + " drops single elements of a " + units(d) + " feature map"));
      }
      boolean high =
          d.rate() >= ModelAdvisor.HIGH_RATE
              || (d.featureMap() && d.rate() >= ModelAdvisor.HIGH_CONV_RATE);
      if (high && !d.onInput()) {
        out.add(
            new Finding(
                Severity.WARNING,
                "very-high-rate",
                "A very high dropout rate (0.5 or more on conv feature maps, 0.7 or more"
                    + " anywhere): that share of the units is zeroed on every pass, which mostly"
                    + " slows learning and caps accuracy. Rates of 0.05-0.2 in conv blocks and"
                    + " 0.1-0.5 in the head are the usual range.",
                where));
      }
      if (d.onInput()) {
        boolean strong = d.rate() > ModelAdvisor.INPUT_RATE;
        out.add(
            new Finding(
                strong ? Severity.WARNING : Severity.INFO,
                "input-dropout",
                "Dropout on the input image: it deletes "
                    + pct(d.rate())
                    + " of the pixels the network sees"
                    + (strong
                        ? ", a large corruption for a classifier (input dropout, if any, is"
                            + " usually 0.1-0.2)."
                        : "; at this rate it acts as mild input noise."),
                where));
      }
      if (d.residualBranch()) {
        out.add(
            new Finding(
                Severity.INFO,
                "residual-branch-dropout",
                "This dropout sits inside a residual branch: the skip path carries the signal"
                    + " around it, so it perturbs the block's correction rather than cutting the"
                    + " main path (the Wide-ResNet placement bn/relu/conv/bn/relu/dropout/conv).",
                where));
      }
    }
    return out;
  }

  /** One weight initializer read by several conv (or fc) nodes. */
  static List<Finding> tiedWeights(GraphIndex index) {
    Map<String, List<NodeProto>> users = new LinkedHashMap<>();
    for (int i = 0; i < index.nodeCount(); i++) {
      NodeProto n = index.node(i);
      if (Graphs.isWeightLayer(n, index)) {
        users.computeIfAbsent(n.getInput(1), k -> new ArrayList<>()).add(n);
      }
    }
    List<Finding> out = new ArrayList<>();
    for (Map.Entry<String, List<NodeProto>> e : users.entrySet()) {
      if (e.getValue().size() < 2) {
        continue;
      }
      TensorProto w = index.initializer(e.getKey());
      String dims = String.join("x", w.getDimsList().stream().map(String::valueOf).toList());
      String op = e.getValue().get(0).getOpType();
      out.add(
          new Finding(
              Severity.WARNING,
              "tied-weights",
              "The same weights are applied "
                  + e.getValue().size()
                  + " times: these "
                  + op
                  + " layers share one weight tensor, so they are one layer used repeatedly, not"
                  + " "
                  + e.getValue().size()
                  + " layers. In PyTorch this happens when forward() calls the same module"
                  + " (e.g. self.conv11) several times; it is rarely intended. Give each call its"
                  + " own module.",
              "initializer '"
                  + e.getKey()
                  + "' ("
                  + dims
                  + ") is the weight of "
                  + String.join(", ", e.getValue().stream().map(Graphs::label).toList())));
    }
    return out;
  }

  static List<Finding> model(ModelReport report, ValueInfoProto input, boolean dynamicBatch) {
    List<Finding> out = new ArrayList<>();
    if (report.batchNormsInTrainingMode() > 0) {
      out.add(
          new Finding(
              Severity.WARNING,
              "batchnorm-training-mode",
              "Batch norm was exported in training mode: a runtime that takes the graph literally"
                  + " normalises each batch by its own statistics, so predictions depend on the"
                  + " other images in the batch (the classic model.train()-for-MC bug). mcdrop"
                  + " restores inference mode at load; other runtimes may not. Export with"
                  + " model.eval() and only the dropout modules in train(), TrainingMode.PRESERVE.",
              report.batchNormsInTrainingMode()
                  + " of "
                  + report.batchNorms()
                  + " BatchNormalization nodes have training outputs or training_mode=1"));
    }
    if (input != null && !dynamicBatch) {
      out.add(
          new Finding(
              Severity.WARNING,
              "fixed-batch-axis",
              "The batch axis is fixed, so images (and MC samples) cannot be batched: every one"
                  + " is a separate run. Export with a dynamic batch axis (PyTorch: dynamic_axes="
                  + "{'input': {0: 'N'}, 'logits': {0: 'N'}}).",
              "input '"
                  + input.getName()
                  + "' has batch dimension "
                  + input.getType().getTensorType().getShape().getDim(0).getDimValue()));
    }
    if (report.dropouts().isEmpty()) {
      out.add(
          new Finding(
              Severity.INFO,
              "no-dropout",
              "No dropout in the graph: only deterministic predictions, no MC uncertainty. If the"
                  + " network has dropout, it was removed at export (model.eval()): export with"
                  + " the dropout modules in train() and TrainingMode.PRESERVE.",
              report.nodes() + " nodes, none of them Dropout"));
    }
    return out;
  }

  static List<Finding> budget(
      List<StageBudget> stages, long totalUnits, double totalDropped, List<DropoutSite> sites) {
    if (sites.isEmpty()) {
      return List.of();
    }
    List<Finding> out = new ArrayList<>();
    StringBuilder ev = new StringBuilder();
    StageBudget most = null;
    for (StageBudget s : stages) {
      if (s.dropouts() == 0) {
        continue;
      }
      if (ev.length() > 0) {
        ev.append("; ");
      }
      ev.append(
          String.format(
              Locale.ROOT,
              "%s: %s of %s units (%s)",
              s.stage(),
              num(s.droppedUnits()),
              s.units() < 0 ? "?" : Long.toString(s.units()),
              pct(s.fraction())));
      if (most == null || s.droppedUnits() > most.droppedUnits()) {
        most = s;
      }
    }
    if (totalUnits > 0) {
      double share = most == null ? 0 : most.droppedUnits() / totalDropped;
      out.add(
          new Finding(
              Severity.INFO,
              "dropout-budget",
              String.format(
                  Locale.ROOT,
                  "Per forward pass about %s units are zeroed in expectation, %s of the network's"
                      + " %d hidden units; %s of them in stage %s. Location and magnitude are"
                      + " different things: a high rate on a small head can drop fewer units"
                      + " than a low rate after every layer, and the two regularise differently.",
                  num(totalDropped),
                  pct(totalDropped / totalUnits),
                  totalUnits,
                  pct(share),
                  most == null ? "?" : most.stage()),
              ev.toString()));
    }
    return out;
  }

  static List<Finding> mc(McCost mc, List<DropoutSite> sites) {
    List<Finding> out = new ArrayList<>();
    if (sites.isEmpty()) {
      return out;
    }
    String cost =
        Double.isFinite(mc.costVsDeterministic())
            ? String.format(
                Locale.ROOT,
                " T=%d samples cost about %.1fx one deterministic pass (by multiply-accumulates).",
                mc.samples(),
                mc.costVsDeterministic())
            : "";
    switch (mc.strategy()) {
      case "trunk" -> {
        double headShare = mc.macs() > 0 ? (double) mc.headMacs() / mc.macs() : Double.NaN;
        out.add(
            new Finding(
                Severity.INFO,
                "mc-cost",
                "MC dropout runs trunk-cached: the layers before the first dropout run once per"
                    + " image, only the part after it is sampled."
                    + cost
                    + (headShare > 0.5
                        ? " Dropout early in the network makes most of it the sampled part; with"
                            + " dropout only in the head, MC would be nearly free."
                        : ""),
                "frontier "
                    + mc.frontier()
                    + (Double.isFinite(headShare)
                        ? String.format(
                            Locale.ROOT, "; the sampled part is %s of the compute", pct(headShare))
                        : "")));
      }
      case "batched", "loop" ->
          out.add(
              new Finding(
                  Severity.WARNING,
                  "trunk-caching-blocked",
                  "MC dropout needs a full pass per sample"
                      + (mc.strategy().equals("loop") ? ", each in its own run." : ".")
                      + cost,
                  String.join("; ", mc.blockers())));
      default ->
          out.add(
              new Finding(
                  Severity.WARNING,
                  "mc-impossible",
                  "MC dropout is not possible with this file.",
                  String.join("; ", mc.blockers())));
    }
    return out;
  }

  static List<String> next(
      List<Finding> findings, List<DropoutSite> sites, String spec, String command) {
    List<String> out = new ArrayList<>();
    java.util.Set<String> codes = new java.util.HashSet<>();
    findings.forEach(f -> codes.add(f.code()));
    if (codes.contains("tied-weights")) {
      out.add("Check whether the shared conv weights are intended; if not, one module per call.");
    }
    if (codes.contains("dropout-before-batchnorm")) {
      out.add(
          "Move the dropout after batch norm and ReLU, or measure both orders: the study's"
              + " prebn-<p> variants put dropout between conv and batch norm, conv-<p> after the"
              + " block.");
    }
    if (codes.contains("element-wise-conv-dropout")) {
      out.add("Try channel dropout in the conv blocks (spatial-<p> variants) at 0.05-0.2.");
    }
    if (codes.contains("very-high-rate")) {
      out.add("Lower the very high rates; start at 0.1-0.3 and let the validation gap decide.");
    }
    if (codes.contains("no-dropout")) {
      out.add(
          "For MC uncertainty, add dropout in the classifier head (head-<p>): it is also the"
              + " cheapest place for MC, since the trunk is computed once.");
    }
    out.add(
        "Dropout is regularisation: add it when the train/validation gap shows over-fitting, and"
            + " do not expect it to raise validation accuracy otherwise. Measure on your own data"
            + " with several seeds; a difference inside the seed-to-seed spread is no difference.");
    if (command != null) {
      out.add(
          "Run the placement study on this architecture (command below): every placement and"
              + " rate over 3 seeds, ranked with 95% intervals.");
    } else {
      out.add(
          "This graph has no mcdrop spec form (branches or ops the spec language lacks), so"
              + " mcdrop study cannot retrain it as is; write the closest spec by hand (see"
              + " mcdrop study --help) and run the study on that.");
    }
    return out;
  }

  static String rate(double r) {
    if (!Double.isFinite(r)) {
      return "unknown";
    }
    String s = String.format(Locale.ROOT, "%.4f", r).replaceAll("0+$", "");
    return s.endsWith(".") ? s + "0" : s;
  }

  static String pct(double f) {
    if (!Double.isFinite(f)) {
      return "?%";
    }
    double p = 100 * f;
    return String.format(Locale.ROOT, p < 1 ? "%.2f%%" : "%.1f%%", p);
  }

  static String num(double v) {
    if (!Double.isFinite(v)) {
      return "?";
    }
    return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
  }

  private static String units(DropoutSite d) {
    return d.units() < 0 ? "conv" : d.units() + "-unit";
  }
}

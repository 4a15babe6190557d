package io.mcdrop.onnx.advice;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.mcdrop.onnx.McDropout;
import io.mcdrop.onnx.graph.FrontierSplit;
import io.mcdrop.onnx.graph.GraphIndex;
import io.mcdrop.onnx.graph.StochasticFrontier;
import io.mcdrop.onnx.inspect.ModelInspector;
import io.mcdrop.onnx.inspect.ModelReport;
import io.mcdrop.onnx.rewrite.McReadyRewriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reviews a model's dropout: {@link #advise} reads the graph, locates every dropout, adds up what
 * each stage drops, runs the checks and estimates what MC dropout costs.
 */
public final class ModelAdvisor {
  /** Rates at or above this on a conv feature map are called very high. */
  static final double HIGH_CONV_RATE = 0.5;

  /** Rates at or above this anywhere are called very high. */
  static final double HIGH_RATE = 0.7;

  /** Input dropout above this rate is a warning, below it a remark (mild input noise). */
  static final double INPUT_RATE = 0.2;

  /** How the review is asked for. */
  public record Options(String name, int samples, String data) {
    public Options {
      if (samples < 2) {
        throw new IllegalArgumentException("MC cost needs T >= 2 samples, got " + samples);
      }
    }

    public static Options defaults(String name) {
      return new Options(name, 30, null);
    }
  }

  private ModelAdvisor() {}

  public static Advice advise(ModelProto model, Options options) {
    ModelReport report = ModelInspector.inspect(model);
    GraphIndex index = new GraphIndex(model.getGraph());
    Shapes shapes = new Shapes(index);

    // Layers with weights and their stages; the output layer (feeding a graph output) is not a
    // hidden layer.
    Map<Integer, String> stageOfLayer = new LinkedHashMap<>();
    Set<Integer> outputLayers = outputLayers(index);
    for (int i = 0; i < index.nodeCount(); i++) {
      NodeProto n = index.node(i);
      if (Graphs.isWeightLayer(n, index)) {
        long[] s = shapes.of(n.getOutput(0));
        String stage =
            s != null && s.length == 3
                ? s[1] + "x" + s[2]
                : n.getOpType().startsWith("Conv") ? "conv" : "head";
        stageOfLayer.put(i, stage);
      }
    }
    Sites locator = new Sites(index, shapes, stageOfLayer);
    List<DropoutSite> sites = report.dropouts().stream().map(locator::locate).toList();

    List<StageBudget> stages = stages(index, shapes, stageOfLayer, outputLayers, sites);
    long totalUnits = 0;
    double totalDropped = 0;
    boolean unitsKnown = true;
    for (StageBudget s : stages) {
      if (s.units() < 0) {
        unitsKnown = false;
      }
      totalUnits += Math.max(0, s.units());
      totalDropped += Double.isFinite(s.droppedUnits()) ? s.droppedUnits() : 0;
    }
    for (DropoutSite d : sites) {
      unitsKnown &= Double.isFinite(d.droppedUnits());
    }
    if (!unitsKnown) {
      totalUnits = -1;
      totalDropped = Double.NaN;
    }

    ValueInfoProto input =
        index.dataInputs().stream()
            .filter(v -> !v.getName().equals(McDropout.INPUT_NAME))
            .findFirst()
            .orElse(null);
    String inputShape = input == null ? "?" : inputShape(input);
    boolean dynamicBatch = input != null && dynamicBatch(input);

    McCost mc = mcCost(model, report, index, shapes, options.samples(), dynamicBatch);
    List<Finding> findings = new ArrayList<>();
    findings.addAll(Checks.dropouts(sites));
    findings.addAll(Checks.tiedWeights(index));
    findings.addAll(Checks.model(report, input, dynamicBatch));
    findings.addAll(Checks.budget(stages, totalUnits, totalDropped, sites));
    findings.addAll(Checks.mc(mc, sites));
    findings = merged(findings);
    findings.sort(java.util.Comparator.comparing(Finding::severity));

    String spec = SpecDeriver.spec(model, index).orElse(null);
    String command = spec == null ? null : studyCommand(spec, inputShape, options, report);
    List<String> next = Checks.next(findings, sites, spec, command);
    return new Advice(
        options.name(),
        model.getProducerName(),
        report.opset(),
        inputShape,
        dynamicBatch,
        spec,
        sites,
        stages,
        totalUnits,
        totalDropped,
        findings,
        mc,
        next,
        command);
  }

  /** Findings with the same code and message become one, their evidence joined. */
  private static List<Finding> merged(List<Finding> findings) {
    Map<String, Finding> out = new LinkedHashMap<>();
    for (Finding f : findings) {
      out.merge(
          f.code() + "\n" + f.message(),
          f,
          (a, b) ->
              new Finding(a.severity(), a.code(), a.message(), a.evidence() + "; " + b.evidence()));
    }
    return new ArrayList<>(out.values());
  }

  /** Weight layers whose output reaches a graph output through ops without weights. */
  private static Set<Integer> outputLayers(GraphIndex index) {
    Set<Integer> out = new HashSet<>();
    for (ValueInfoProto v : index.graph().getOutputList()) {
      String t = v.getName();
      for (int step = 0; step < 64 && t != null; step++) {
        int p = index.producerOf(t);
        if (p < 0) {
          break;
        }
        NodeProto n = index.node(p);
        if (Graphs.isWeightLayer(n, index)) {
          out.add(p);
          break;
        }
        t = Graphs.dataInput(n, index);
      }
    }
    return out;
  }

  private static List<StageBudget> stages(
      GraphIndex index,
      Shapes shapes,
      Map<Integer, String> stageOfLayer,
      Set<Integer> outputLayers,
      List<DropoutSite> sites) {
    Map<String, long[]> acc = new LinkedHashMap<>(); // layers, units
    Map<String, double[]> dropped = new HashMap<>(); // dropped units, dropouts
    if (sites.stream().anyMatch(DropoutSite::onInput)) {
      ValueInfoProto in =
          index.dataInputs().stream()
              .filter(v -> !v.getName().equals(McDropout.INPUT_NAME))
              .findFirst()
              .orElse(null);
      acc.put("input", new long[] {0, in == null ? -1 : shapes.elements(in.getName())});
    }
    for (Map.Entry<Integer, String> e : stageOfLayer.entrySet()) {
      if (outputLayers.contains(e.getKey())) {
        continue;
      }
      long[] a = acc.computeIfAbsent(e.getValue(), k -> new long[2]);
      a[0]++;
      long u = shapes.elements(index.node(e.getKey()).getOutput(0));
      a[1] = a[1] < 0 || u < 0 ? -1 : a[1] + u;
    }
    for (DropoutSite d : sites) {
      acc.computeIfAbsent(d.stage(), k -> new long[2]);
      double[] x = dropped.computeIfAbsent(d.stage(), k -> new double[2]);
      x[0] += d.droppedUnits();
      x[1]++;
    }
    List<StageBudget> out = new ArrayList<>();
    for (Map.Entry<String, long[]> e : acc.entrySet()) {
      double[] x = dropped.getOrDefault(e.getKey(), new double[2]);
      out.add(
          new StageBudget(e.getKey(), (int) e.getValue()[0], e.getValue()[1], x[0], (int) x[1]));
    }
    return out;
  }

  private static McCost mcCost(
      ModelProto model,
      ModelReport report,
      GraphIndex index,
      Shapes shapes,
      int samples,
      boolean dynamicBatch) {
    long macs = 0;
    boolean known = true;
    for (int i = 0; i < index.nodeCount(); i++) {
      NodeProto n = index.node(i);
      if (Graphs.isWeightLayer(n, index) && shapes.of(n.getOutput(0)) == null) {
        known = false;
      }
      macs += shapes.macs(i);
    }
    List<String> blockers = new ArrayList<>();
    if (report.dropouts().isEmpty()) {
      blockers.add("the graph has no Dropout node: every pass gives the same answer");
      return new McCost("none", samples, known ? macs : -1, 0, Double.NaN, List.of(), blockers);
    }
    if (!report.mcCapable()) {
      blockers.add(
          "opset "
              + report.opset()
              + " Dropout has no training_mode input: re-export with opset"
              + " >= 12");
      return new McCost("none", samples, known ? macs : -1, 0, Double.NaN, List.of(), blockers);
    }
    ModelProto ready = McReadyRewriter.rewrite(model, McReadyRewriter.Options.defaults()).model();
    Optional<FrontierSplit> split = StochasticFrontier.split(ready);
    if (split.isPresent()) {
      Set<String> headNodes =
          split.get().head().getGraph().getNodeList().stream()
              .map(n -> n.getName() + "|" + String.join(",", n.getOutputList()))
              .collect(Collectors.toSet());
      long head = 0;
      GraphIndex readyIndex = new GraphIndex(ready.getGraph());
      Shapes readyShapes = new Shapes(readyIndex);
      long total = 0;
      for (int i = 0; i < readyIndex.nodeCount(); i++) {
        NodeProto n = readyIndex.node(i);
        total += readyShapes.macs(i);
        if (headNodes.contains(n.getName() + "|" + String.join(",", n.getOutputList()))) {
          head += readyShapes.macs(i);
        }
      }
      double ratio =
          known && total > 0 ? ((total - head) + (double) samples * head) / total : Double.NaN;
      return new McCost(
          "trunk",
          samples,
          known ? total : -1,
          known ? head : -1,
          ratio,
          split.get().frontier(),
          blockers);
    }
    boolean branchOutput = false;
    for (ValueInfoProto out : model.getGraph().getOutputList()) {
      branchOutput |= !dependsOnDropout(ready, out.getName());
    }
    if (branchOutput) {
      blockers.add("a graph output does not depend on any dropout: no trunk/head cut exists");
    } else {
      blockers.add(
          "the graph cannot be cut into a deterministic trunk and a sampled head (a node carries"
              + " a subgraph)");
    }
    if (!dynamicBatch) {
      blockers.add(
          "the batch axis is fixed: samples cannot be tiled into one run, each is its own run");
    }
    return new McCost(
        dynamicBatch ? "batched" : "loop",
        samples,
        known ? macs : -1,
        known ? macs : -1,
        known ? samples : Double.NaN,
        List.of(),
        blockers);
  }

  private static boolean dependsOnDropout(ModelProto model, String tensor) {
    GraphIndex index = new GraphIndex(model.getGraph());
    java.util.Deque<String> todo = new java.util.ArrayDeque<>(List.of(tensor));
    Set<String> seen = new HashSet<>();
    while (!todo.isEmpty()) {
      String t = todo.pop();
      if (!seen.add(t)) {
        continue;
      }
      int p = index.producerOf(t);
      if (p < 0) {
        continue;
      }
      if (GraphIndex.isDropout(index.node(p))) {
        return true;
      }
      index.node(p).getInputList().stream().filter(s -> !s.isEmpty()).forEach(todo::push);
    }
    return false;
  }

  private static String inputShape(ValueInfoProto v) {
    if (!v.getType().hasTensorType()) {
      return "?";
    }
    var dims = v.getType().getTensorType().getShape().getDimList();
    List<String> out = new ArrayList<>();
    for (int i = 1; i < dims.size(); i++) {
      out.add(dims.get(i).hasDimValue() ? Long.toString(dims.get(i).getDimValue()) : "?");
    }
    return out.isEmpty() ? "?" : String.join("x", out);
  }

  private static boolean dynamicBatch(ValueInfoProto v) {
    if (!v.getType().hasTensorType() || v.getType().getTensorType().getShape().getDimCount() == 0) {
      return false;
    }
    var d = v.getType().getTensorType().getShape().getDim(0);
    return !d.hasDimValue();
  }

  private static String studyCommand(
      String spec, String input, Options options, ModelReport report) {
    String data = options.data() == null ? "YOUR_DATA" : options.data();
    StringBuilder sb = new StringBuilder("mcdrop study --data ").append(quote(data));
    sb.append(" --arch ").append(quote(spec));
    if (!input.contains("?")) {
      sb.append(" --input ").append(input);
    }
    sb.append(" --variants standard --seeds 3 --epochs 15 --samples ")
        .append(options.samples())
        .append(" --out study-")
        .append(slug(options.name()));
    return sb.toString();
  }

  static String quote(String s) {
    return s.matches("[A-Za-z0-9_./:,=+-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
  }

  private static String slug(String name) {
    String base = name.replaceAll(".*/", "").replaceAll("\\.onnx$", "");
    String s = base.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    return s.isEmpty() || s.length() > 40 ? "model" : s;
  }

  static TensorProto initializer(GraphIndex index, String name) {
    return index.initializer(name);
  }
}

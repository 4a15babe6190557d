package io.mcdrop.cli.inspect;

import io.mcdrop.cli.common.Json;
import io.mcdrop.cli.common.ModelFile;
import io.mcdrop.errors.McdropException;
import io.mcdrop.onnx.OnnxModels;
import io.mcdrop.onnx.inspect.ModelInspector;
import io.mcdrop.onnx.inspect.ModelReport;
import io.mcdrop.runtime.mc.EngineConfig;
import io.mcdrop.runtime.mc.McEngine;
import io.mcdrop.runtime.model.ModelInfo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mcdrop inspect}: what is in a model and whether it can do MC dropout. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description =
        "Show a model's inputs, outputs, dropout layers, batch-norm mode, metadata and stochastic"
            + " frontier, then load it into ONNX Runtime to verify that MC dropout really works.",
    footer = {
      "",
      "Examples:",
      "  mcdrop inspect models/fashion-cnn.onnx",
      "  mcdrop inspect m.onnx --json --no-verify"
    })
public final class InspectCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE", description = "ONNX model.")
  Path file;

  @Option(names = "--json", description = "Print JSON instead of text (default: text).")
  boolean json;

  @Option(
      names = "--no-verify",
      description =
          "Do not load the model into ONNX Runtime (default: load it and check that dropout is"
              + " alive).")
  boolean noVerify;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** The outcome of loading the model into ONNX Runtime. */
  record Verification(boolean loaded, boolean mcVerified, String message, Integer classes) {}

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    ModelReport report = ModelInspector.inspect(OnnxModels.read(ModelFile.check(file)));
    Verification v = noVerify ? null : verify();
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("file", file.toString());
      m.put("report", report);
      if (v != null) {
        m.put("verification", v);
      }
      out.println(Json.write(m));
    } else {
      print(out, report, v);
    }
    out.flush();
    return v == null || v.loaded() ? 0 : io.mcdrop.cli.ExitCodes.MODEL;
  }

  private Verification verify() {
    try (McEngine e = McEngine.load(file, EngineConfig.defaults())) {
      ModelInfo info = e.info();
      String msg =
          info.mcCapable()
              ? "loaded; dropout verified alive in ONNX Runtime with mc_dropout=true"
                  + (info.splittable() ? "; trunk caching available" : "")
              : "loaded; deterministic inference only (no dropout)";
      return new Verification(true, info.mcCapable(), msg, info.classes());
    } catch (McdropException x) {
      return new Verification(false, false, x.getMessage(), null);
    }
  }

  private static void print(PrintWriter out, ModelReport r, Verification v) {
    out.printf(
        Locale.ROOT,
        "producer     %s, IR %d, opset %d, %d nodes%n",
        r.producer(),
        r.irVersion(),
        r.opset(),
        r.nodes());
    for (ModelReport.TensorInfo t : r.inputs()) {
      out.printf("input        %s %s %s%n", t.name(), t.type(), t.shape());
    }
    for (ModelReport.TensorInfo t : r.outputs()) {
      out.printf("output       %s %s %s%n", t.name(), t.type(), t.shape());
    }
    out.printf(
        "batch norm   %d node(s)%s%n",
        r.batchNorms(),
        r.batchNormsInTrainingMode() > 0
            ? ", " + r.batchNormsInTrainingMode() + " in training mode (restored at load)"
            : "");
    out.printf(
        "dropout      %d node(s)%s%n",
        r.dropouts().size(), r.hasMcInput() ? ", mc_dropout input present" : "");
    for (ModelReport.DropoutInfo d : r.dropouts()) {
      out.printf(
          Locale.ROOT,
          "  #%-3d %-28s rate %.2f  %-8s after %s%s%n",
          d.position(),
          d.node(),
          d.rate(),
          d.kind(),
          d.after(),
          d.seeded() ? "  (seeded)" : "");
    }
    if (!r.frontier().isEmpty()) {
      out.printf(
          "frontier     %s (trunk %d nodes, head %d nodes)%n",
          r.frontier(), r.trunkNodes(), r.headNodes());
    }
    out.printf("MC dropout   %s%n", r.mcCapable() ? "possible" : "not possible");
    for (Map.Entry<String, String> e : r.metadata().entrySet()) {
      String value =
          e.getValue().length() > 160 ? e.getValue().substring(0, 157) + "..." : e.getValue();
      out.printf("metadata     %s = %s%n", e.getKey(), value);
    }
    for (String n : r.notes()) {
      out.printf("note         %s%n", n);
    }
    if (v != null) {
      out.printf("runtime      %s%s%n", v.loaded() ? "" : "FAILED: ", v.message());
    }
  }
}

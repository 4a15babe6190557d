package io.mcdrop.cli.advise;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.mcdrop.cli.ExitCodes;
import io.mcdrop.cli.common.Json;
import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.onnx.OnnxModels;
import io.mcdrop.onnx.advice.Advice;
import io.mcdrop.onnx.advice.AdviceText;
import io.mcdrop.onnx.advice.ModelAdvisor;
import io.mcdrop.trainer.arch.Architecture;
import io.mcdrop.trainer.arch.NetworkFactory;
import io.mcdrop.trainer.data.Preprocess;
import io.mcdrop.trainer.export.ModelInfo;
import io.mcdrop.trainer.export.OnnxExporter;
import io.mcdrop.trainer.layers.Network;
import io.mcdrop.trainer.tensor.Shape;
import io.mcdrop.trainer.train.TrainJob;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mcdrop advise}: where the dropout sits, what is wrong with it, what to try next. */
@Command(
    name = "advise",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "A dropout review of a model, in plain words with the evidence for each point: where every"
          + " dropout sits (after which layer, before or after batch norm, element- or"
          + " channel-wise, residual branch or main path) and its rate; the expected share of"
          + " units dropped per forward pass, per stage; dropout right before batch norm,"
          + " element-wise dropout on conv maps, very high rates, input dropout; one conv weight"
          + " applied several times; batch norm exported in training mode; a fixed batch axis;"
          + " what MC dropout will cost; and a ready `mcdrop study` command for the"
          + " architecture.",
      "",
      "Give an ONNX file (mcdrop's or any exporter's) or --arch with a spec or preset.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  mcdrop advise model.onnx",
      "  mcdrop advise --arch conv32-drop0.2-bn-relu-pool,fc128-relu-drop0.5,fc10 --json",
      "  mcdrop advise --arch fashion --data fashion-mnist"
    })
public final class AdviseCommand implements Callable<Integer> {
  @Parameters(arity = "0..1", paramLabel = "MODEL.onnx", description = "ONNX model to review.")
  Path file;

  @Option(
      names = "--arch",
      paramLabel = "SPEC|PRESET",
      description = "Review an architecture spec or preset instead of a file.")
  String arch;

  @Option(
      names = "--input",
      paramLabel = "CxHxW",
      description = "Input shape for a custom --arch spec (default 1x28x28; presets know theirs).")
  String input;

  @Option(
      names = {"-T", "--samples"},
      defaultValue = "30",
      paramLabel = "T",
      description = "MC samples the cost estimate is for (default: ${DEFAULT-VALUE}).")
  int samples;

  @Option(
      names = "--data",
      paramLabel = "SOURCE",
      description = "Data source to write into the suggested study command (default YOUR_DATA).")
  String data;

  @Option(names = "--json", description = "Print the review as JSON.")
  boolean json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if ((file == null) == (arch == null)) {
      throw new McdropException(
          ErrorCode.BAD_OPTION, "give either MODEL.onnx or --arch SPEC (one of them)");
    }
    if (samples < 2) {
      throw new McdropException(
          ErrorCode.BAD_OPTION, "--samples must be >= 2 for an MC cost estimate, got " + samples);
    }
    if (input != null && file != null) {
      throw new McdropException(
          ErrorCode.BAD_OPTION, "--input applies to --arch; a model file knows its input");
    }
    ModelProto model;
    String name;
    if (file != null) {
      model = OnnxModels.read(file);
      name = file.toString();
    } else {
      model = exportSpec();
      name = arch;
    }
    Advice advice = ModelAdvisor.advise(model, new ModelAdvisor.Options(name, samples, data));
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.write(Map.of("advice", advice)));
    } else {
      out.print(AdviceText.render(advice));
    }
    out.flush();
    return ExitCodes.OK;
  }

  /** The spec built as an untrained network and exported the way {@code mcdrop train} does. */
  private ModelProto exportSpec() {
    Shape in = input == null ? new Shape(1, 28, 28) : parseShape(input);
    Architecture a = Architecture.resolve(arch, in);
    if (input != null) {
      a = a.withInput(in);
    }
    Network net = NetworkFactory.build(a, 0);
    List<String> labels = new ArrayList<>();
    for (int k = 0; k < net.classes(); k++) {
      labels.add("class" + k);
    }
    Shape s = a.input();
    double[] mean = new double[s.c()];
    double[] std = new double[s.c()];
    Arrays.fill(std, 1);
    Preprocess pre =
        new Preprocess(
            s.c(), s.h(), s.w(), Preprocess.RESIZE_BILINEAR, 1 / 255.0, mean, std, false);
    ModelInfo info =
        new ModelInfo(
            "mcdrop-" + a.name(),
            labels,
            pre,
            TrainJob.architectureMap(a),
            Map.of(),
            "untrained export of " + a.spec().text() + " for review");
    return OnnxExporter.export(net, info);
  }

  static Shape parseShape(String s) {
    String[] p = s.toLowerCase(Locale.ROOT).split("x");
    try {
      if (p.length == 3) {
        return new Shape(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]));
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new McdropException(
        ErrorCode.BAD_OPTION, "--input " + s + ": expected CxHxW, e.g. 1x28x28");
  }
}

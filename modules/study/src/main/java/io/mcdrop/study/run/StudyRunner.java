package io.mcdrop.study.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.evaluation.EvaluationConfig;
import io.mcdrop.evaluation.EvaluationReport;
import io.mcdrop.evaluation.Evaluator;
import io.mcdrop.evaluation.ood.OodSpec;
import io.mcdrop.evaluation.report.ReportWriter;
import io.mcdrop.runtime.mc.EngineConfig;
import io.mcdrop.runtime.mc.McEngine;
import io.mcdrop.study.StudyConfig;
import io.mcdrop.study.Variant;
import io.mcdrop.study.data.StudyData;
import io.mcdrop.trainer.arch.Architecture;
import io.mcdrop.trainer.config.TrainConfig;
import io.mcdrop.trainer.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs a study: checks everything first (architecture, every variant's spec, data, held-out
 * classes, that the output folder belongs to this same study), then trains and evaluates each
 * variant in turn. A variant's {@code result.json}, written atomically as its very last step, marks
 * it done: a rerun after a crash skips finished variants and resumes an unfinished one from its
 * last epoch checkpoint.
 */
public final class StudyRunner {
  public static final String STUDY_FILE = "study.json";
  public static final String RESULT_FILE = "result.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Study-level progress, one line per event. */
  @FunctionalInterface
  public interface Log {
    void line(String text);
  }

  /** What the study produced. */
  public record Outcome(
      StudyConfig config, Architecture base, StudyData data, List<VariantResult> results) {}

  private final StudyConfig config;
  private final Architecture base;
  private final Path out;
  private final Log log;
  private final TrainingListener trainProgress;
  private final Evaluator.Progress evalProgress;

  /**
   * @param base the architecture resolved from the preset or spec (its own dropout is replaced)
   */
  public StudyRunner(
      StudyConfig config,
      Architecture base,
      Path out,
      Log log,
      TrainingListener trainProgress,
      Evaluator.Progress evalProgress) {
    this.config = config;
    this.base = base;
    this.out = out;
    this.log = log;
    this.trainProgress = trainProgress;
    this.evalProgress = evalProgress;
  }

  public Outcome run() {
    TrainConfig tc = config.train();
    if (!(tc.valSplit() > 0)) {
      throw new McdropException(
          ErrorCode.BAD_OPTION,
          "a study compares train and validation curves: the validation split must be > 0");
    }
    List<Variant> variants = config.variants();
    for (Variant v : variants) {
      v.apply(base.spec()); // a spec that cannot take this placement fails here, not mid-study
    }
    StudyData data =
        StudyData.load(
            config.data(),
            base.input(),
            config.holdoutClasses(),
            config.trainLimit(),
            config.testLimit(),
            tc.seed());
    if (!data.train().shape().equals(base.input())) {
      throw new McdropException(
          ErrorCode.BAD_OPTION,
          "data "
              + config.data()
              + " has images of shape "
              + data.train().shape()
              + " but architecture '"
              + base.name()
              + "' expects "
              + base.input()
              + "; pick an architecture for that input (or --input for a custom spec)");
    }
    data.notes().forEach(n -> log.line("note: " + n));
    Architecture arch = base.withClasses(data.train().classes().size());
    claimOutput(variants, arch);

    List<VariantResult> results = new ArrayList<>();
    long t0 = System.nanoTime();
    int trained = 0;
    for (int i = 0; i < variants.size(); i++) {
      Variant v = variants.get(i);
      Path dir = out.resolve("variants").resolve(v.key());
      Path done = dir.resolve(RESULT_FILE);
      String tag = String.format(Locale.ROOT, "[%d/%d %s]", i + 1, variants.size(), v.key());
      if (Files.exists(done)) {
        results.add(read(done));
        log.line(tag + " already done, not retrained (" + done + ")");
        continue;
      }
      Architecture va =
          new Architecture(arch.name() + "-" + v.key(), v.apply(arch.spec()), arch.input());
      log.line(tag + " training " + v.description() + ": " + va.spec().text());
      VariantTrainer.Trained t =
          VariantTrainer.train(va, data.train(), config.data(), tc, dir, trainProgress);
      log.line(tag + " evaluating (" + config.samples() + " MC samples)");
      EvaluationReport eval = evaluate(t.onnx(), data, v, dir);
      VariantResult r =
          VariantResult.of(
              v.key(),
              v.placement().name().toLowerCase(Locale.ROOT),
              v.rate(),
              v.description(),
              va.spec().text(),
              t.parameters(),
              t.history(),
              eval);
      ReportWriter.writeJson(r, done);
      results.add(r);
      trained++;
      double elapsed = (System.nanoTime() - t0) / 1e9;
      int left = variants.size() - i - 1;
      log.line(
          String.format(
              Locale.ROOT,
              "%s done: test accuracy %.2f%%, NLL %.4f (MC); study %s elapsed, about %s to go",
              tag,
              100 * r.best().accuracy(),
              r.best().nll(),
              minutes(elapsed),
              minutes(elapsed / trained * left)));
    }
    return new Outcome(config, arch, data, results);
  }

  private EvaluationReport evaluate(Path onnx, StudyData data, Variant v, Path dir) {
    List<OodSpec> ood = new ArrayList<>();
    if (config.holdoutClasses().length > 0) {
      ood.add(new OodSpec.Holdout(config.holdoutClasses()));
    }
    ood.addAll(config.extraOod());
    // the no-dropout variant can only be evaluated deterministically
    int samples =
        v.placement() == io.mcdrop.trainer.arch.DropoutPlacement.NONE ? 1 : config.samples();
    EvaluationConfig ec =
        EvaluationConfig.defaults()
            .withSamples(samples)
            .withSeed(config.train().seed())
            .withOod(ood);
    EngineConfig engineConfig = EngineConfig.defaults().withThreads(config.train().threads());
    try (McEngine engine = McEngine.load(onnx, engineConfig)) {
      EvaluationReport r = new Evaluator(engine, ec).plan(data.test()).run(evalProgress);
      ReportWriter.write(r, dir.resolve("evaluation"));
      return r;
    }
  }

  /**
   * Writes {@code study.json}, or checks that the one there describes this same study: resuming
   * with other settings would silently mix incomparable variants.
   */
  private void claimOutput(List<Variant> variants, Architecture arch) {
    Map<String, Object> desc = describe(arch);
    Path file = out.resolve(STUDY_FILE);
    try {
      if (Files.exists(file)) {
        @SuppressWarnings("unchecked")
        Map<String, Object> before = JSON.readValue(file.toFile(), Map.class);
        Map<String, Object> now = JSON.readValue(JSON.writeValueAsString(desc), Map.class);
        now.remove("variants");
        Object prevVariants = before.remove("variants");
        if (!before.equals(now)) {
          throw new McdropException(
              ErrorCode.BAD_OPTION,
              out
                  + " holds a study with other settings ("
                  + file
                  + "); resume it with the same options, or choose another --out");
        }
        log.line("resuming the study in " + out + " (previous variants: " + prevVariants + ")");
      }
      Files.createDirectories(out);
      ReportWriter.writeJson(desc, file);
    } catch (IOException e) {
      throw new McdropException(
          ErrorCode.NOT_FOUND, "cannot read or write " + file + ": " + e.getMessage(), e);
    }
  }

  private Map<String, Object> describe(Architecture arch) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("data", config.data());
    m.put("architecture", arch.name());
    m.put("spec", arch.spec().text());
    m.put("input", List.of(arch.input().c(), arch.input().h(), arch.input().w()));
    TrainConfig t = config.train();
    Map<String, Object> train = new LinkedHashMap<>();
    train.put("epochs", t.epochs());
    train.put("batch", t.batchSize());
    train.put("lr", t.lr());
    train.put("optimizer", t.optimizer().name().toLowerCase(Locale.ROOT));
    train.put("weightDecay", t.weightDecay());
    train.put("schedule", t.schedule().name().toLowerCase(Locale.ROOT));
    train.put("valSplit", t.valSplit());
    train.put("augment", t.augment());
    train.put("seed", t.seed());
    m.put("train", train);
    m.put("holdoutClasses", config.holdoutClasses());
    m.put("ood", config.extraOod().stream().map(OodSpec::name).toList());
    m.put("samples", config.samples());
    m.put("trainLimit", config.trainLimit());
    m.put("testLimit", config.testLimit());
    m.put("variants", config.variants().stream().map(Variant::key).toList());
    return m;
  }

  private static VariantResult read(Path file) {
    try {
      return JSON.readValue(file.toFile(), VariantResult.class);
    } catch (IOException e) {
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          file + " is unreadable (" + e.getMessage() + "); delete it to retrain that variant",
          e);
    }
  }

  static String minutes(double seconds) {
    long s = Math.round(seconds);
    return s >= 60 ? (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s" : s + "s";
  }
}

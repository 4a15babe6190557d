package io.mcdrop.study.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.evaluation.EvaluationConfig;
import io.mcdrop.evaluation.EvaluationReport;
import io.mcdrop.evaluation.Evaluator;
import io.mcdrop.evaluation.data.LabeledSet;
import io.mcdrop.evaluation.ood.OodSpec;
import io.mcdrop.evaluation.report.ReportWriter;
import io.mcdrop.runtime.mc.EngineConfig;
import io.mcdrop.runtime.mc.McEngine;
import io.mcdrop.study.Placement;
import io.mcdrop.study.StudyConfig;
import io.mcdrop.study.Variant;
import io.mcdrop.study.data.Datasets;
import io.mcdrop.study.data.StudyData;
import io.mcdrop.trainer.arch.Architecture;
import io.mcdrop.trainer.config.TrainConfig;
import io.mcdrop.trainer.data.Split;
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
 * Runs a study as independent {@link StudyUnit}s, one per (variant, seed). {@link #prepare} checks
 * everything first (architecture, every variant's spec, data, held-out classes, that the output
 * folder belongs to this same study) and loads the shared data; {@link #runUnit} then trains and
 * evaluates one unit. A unit's {@code result.json}, written atomically as its very last step, marks
 * it done: a rerun after a crash skips finished units and resumes an unfinished one from its last
 * epoch checkpoint. {@link #run} does all units in turn.
 *
 * <p>{@code runUnit} is the unit of work for distributed runs: give every worker the same config
 * and output folder (shared storage), call {@code prepare()} once per worker, then {@code
 * runUnit(u)} for the units it is handed; finally {@link #collect} on any machine.
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

  /** What the study produced: one result per finished unit, in unit order. */
  public record Outcome(
      StudyConfig config, Architecture base, StudyData data, List<VariantResult> results) {}

  private final StudyConfig config;
  private final Architecture base;
  private final Path out;
  private final Log log;
  private final TrainingListener trainProgress;
  private final Evaluator.Progress evalProgress;
  private StudyData data;
  private Architecture arch;
  private LabeledSet validation;

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

  /** Every (variant, seed) unit, variant by variant. */
  public List<StudyUnit> units() {
    List<StudyUnit> u = new ArrayList<>();
    for (long seed : config.seeds()) {
      for (Variant v : config.variants()) {
        u.add(new StudyUnit(v, seed));
      }
    }
    // seed-major order: after the first pass every variant has one result, so a study that is
    // stopped early still covers the whole grid
    return u;
  }

  /** Checks the study, loads its data and claims the output folder. Idempotent. */
  public void prepare() {
    if (data != null) {
      return;
    }
    TrainConfig tc = config.train();
    if (!(tc.valSplit() > 0)) {
      throw new McdropException(
          ErrorCode.BAD_OPTION,
          "a study compares train and validation curves: the validation split must be > 0");
    }
    for (Variant v : config.variants()) {
      v.apply(base); // a spec that cannot take this placement fails here, not mid-study
    }
    StudyData d =
        StudyData.load(
            config.data(),
            base.input(),
            config.holdoutClasses(),
            config.trainLimit(),
            config.testLimit(),
            config.dataSeed());
    if (!d.train().shape().equals(base.input())) {
      throw new McdropException(
          ErrorCode.BAD_OPTION,
          "data "
              + config.data()
              + " has images of shape "
              + d.train().shape()
              + " but architecture '"
              + base.name()
              + "' expects "
              + base.input()
              + "; pick an architecture for that input (or --input for a custom spec)");
    }
    d.notes().forEach(n -> log.line("note: " + n));
    arch = base.withClasses(d.train().classes().size());
    claimOutput(arch);
    data = d;
  }

  /** Whether {@code unit} has a stored result. */
  public boolean isDone(StudyUnit unit) {
    return Files.exists(unit.dir(out).resolve(RESULT_FILE));
  }

  /**
   * Trains and evaluates one unit, or returns its stored result if it is done. Resumes from the
   * unit's last epoch checkpoint when one is there.
   */
  public VariantResult runUnit(StudyUnit unit) {
    prepare();
    Path dir = unit.dir(out);
    Path done = dir.resolve(RESULT_FILE);
    if (Files.exists(done)) {
      return read(done);
    }
    Variant v = unit.variant();
    Architecture va = new Architecture(arch.name() + "-" + v.key(), v.apply(arch), arch.input());
    TrainConfig tc = config.train().toBuilder().seed(unit.seed()).build();
    log.line("[" + unit.key() + "] training " + v.description() + ": " + va.spec().text());
    VariantTrainer.Trained t =
        VariantTrainer.train(
            va, data.train(), config.data(), tc, config.dataSeed(), dir, trainProgress);
    log.line("[" + unit.key() + "] evaluating (" + config.samples() + " MC samples)");
    EvaluationReport eval = evaluate(t.onnx(), v, unit.seed(), dir);
    VariantResult r =
        VariantResult.of(
            v.key(),
            v.placement().key(),
            v.rate(),
            unit.seed(),
            v.description(),
            va.spec().text(),
            t.parameters(),
            v.droppedUnits(arch),
            t.history(),
            eval);
    ReportWriter.writeJson(r, done);
    return r;
  }

  /**
   * What {@link #run} does to a unit right after training it, while its model is still there: a
   * study's folder may be kept without its models (they are large and reproducible), and a unit
   * whose result, calibration and cost are stored then needs nothing more from them.
   *
   * @param calibrate temperature-scale each unit ({@link #calibrateUnit})
   * @param cost time each unit ({@link #measureCost})
   */
  public record AfterTraining(boolean calibrate, boolean cost) {
    public static final AfterTraining NOTHING = new AfterTraining(false, false);
  }

  /** Runs every unit not done yet, then returns all results. */
  public Outcome run() {
    return run(AfterTraining.NOTHING);
  }

  /**
   * Runs every unit not done yet, each followed by {@code after} (also for a finished unit that
   * still lacks it and still has its model), then returns all results.
   */
  public Outcome run(AfterTraining after) {
    prepare();
    List<StudyUnit> units = units();
    long t0 = System.nanoTime();
    int trained = 0;
    int left = (int) units.stream().filter(u -> !isDone(u)).count();
    for (int i = 0; i < units.size(); i++) {
      StudyUnit u = units.get(i);
      String tag = String.format(Locale.ROOT, "[%d/%d %s]", i + 1, units.size(), u.key());
      if (isDone(u)) {
        log.line(tag + " already done, not retrained");
        finish(u, after);
        continue;
      }
      VariantResult r = runUnit(u);
      finish(u, after);
      trained++;
      left--;
      double elapsed = (System.nanoTime() - t0) / 1e9;
      log.line(
          String.format(
              Locale.ROOT,
              "%s done: test accuracy %.2f%%, NLL %.4f (%s); this run %s elapsed, about %s to go",
              tag,
              100 * r.best().accuracy(),
              r.best().nll(),
              r.mc() != null ? "MC" : "deterministic",
              minutes(elapsed),
              minutes(elapsed / trained * left)));
    }
    return collect();
  }

  private void finish(StudyUnit u, AfterTraining after) {
    if (after.calibrate() && needs(u, UnitCalibration.read(u.dir(out)))) {
      calibrateUnit(u, "[calibrate " + u.key() + "]");
    }
    if (after.cost() && needs(u, UnitCost.read(u.dir(out)))) {
      measureCost(u, "[cost " + u.key() + "]");
    }
  }

  /** A finished unit lacking {@code stored} that still has its model to measure. */
  private boolean needs(StudyUnit u, Object stored) {
    return stored == null && isDone(u) && hasModel(u);
  }

  /** Whether the unit's trained model is still in its folder (a kept study may drop models). */
  public boolean hasModel(StudyUnit u) {
    return Files.exists(u.dir(out).resolve(VariantTrainer.MODEL));
  }

  /**
   * The stored results of every finished unit (unfinished ones are left out), with their
   * temperature-scaling numbers where {@link #calibrateFinished} has measured them.
   */
  public Outcome collect() {
    prepare();
    List<VariantResult> results = new ArrayList<>();
    for (StudyUnit u : units()) {
      if (isDone(u)) {
        Path dir = u.dir(out);
        VariantResult r = read(dir.resolve(RESULT_FILE));
        CalibratedResult c = UnitCalibration.read(dir);
        CostResult cost = UnitCost.read(dir);
        r = c == null ? r : r.withCalibrated(c);
        results.add(cost == null ? r : r.withCost(cost));
      }
    }
    return new Outcome(config, arch, data, results);
  }

  /**
   * Temperature-scales every finished unit that is not calibrated yet (fitted on the study's
   * validation split, measured on its test images; see {@link UnitCalibration}), then collects.
   * Resumable per unit like training; inference only, no training. Units kept without their model
   * are left as they are.
   */
  public Outcome calibrateFinished() {
    prepare();
    List<StudyUnit> todo =
        units().stream().filter(u -> needs(u, UnitCalibration.read(u.dir(out)))).toList();
    for (int i = 0; i < todo.size(); i++) {
      StudyUnit u = todo.get(i);
      calibrateUnit(
          u, String.format(Locale.ROOT, "[calibrate %d/%d %s]", i + 1, todo.size(), u.key()));
    }
    return collect();
  }

  /** Temperature-scales one finished unit ({@link UnitCalibration}). */
  public CalibratedResult calibrateUnit(StudyUnit u, String tag) {
    prepare();
    if (validation == null) {
      Split split = Split.of(data.train(), config.train().valSplit(), config.dataSeed());
      validation = Datasets.toLabeledSet(split.validation(), "the study's validation split");
    }
    int samples = u.variant().placement() == Placement.NONE ? 1 : config.samples();
    log.line(
        String.format(
            Locale.ROOT, "%s temperature scaling on %d validation images", tag, validation.size()));
    CalibratedResult c =
        UnitCalibration.run(
            u.dir(out),
            validation,
            data.test(),
            holdout(),
            samples,
            u.seed(),
            config.train().threads(),
            evalProgress);
    log.line(
        String.format(
            Locale.ROOT,
            "%s test NLL %.4f -> %.4f, ECE %.4f -> %.4f",
            tag,
            c.nllBefore(),
            c.nllAfter(),
            c.eceBefore(),
            c.eceAfter()));
    return c;
  }

  /**
   * Times every finished unit whose cost is not measured yet ({@link UnitCost}: one thread, the
   * median of several runs), then collects. Meant for a quiet machine, after training; inference
   * only, resumable per unit. Units kept without their model are left as they are.
   */
  public Outcome measureCostFinished() {
    prepare();
    List<StudyUnit> todo =
        units().stream().filter(u -> needs(u, UnitCost.read(u.dir(out)))).toList();
    for (int i = 0; i < todo.size(); i++) {
      StudyUnit u = todo.get(i);
      measureCost(u, String.format(Locale.ROOT, "[cost %d/%d %s]", i + 1, todo.size(), u.key()));
    }
    return collect();
  }

  /** Times one finished unit ({@link UnitCost}). */
  public CostResult measureCost(StudyUnit u, String tag) {
    prepare();
    int samples = u.variant().placement() == Placement.NONE ? 1 : config.samples();
    CostResult c = UnitCost.run(u.dir(out), data.test(), samples);
    log.line(
        String.format(
            Locale.ROOT,
            "%s %.3f ms deterministic, %.3f ms MC per image (%d thread)",
            tag,
            c.detMsPerImage(),
            c.mcMsPerImage(),
            c.threads()));
    return c;
  }

  private List<OodSpec> holdout() {
    List<OodSpec> ood = new ArrayList<>();
    if (config.holdoutClasses().length > 0) {
      ood.add(new OodSpec.Holdout(config.holdoutClasses()));
    }
    return ood;
  }

  private EvaluationReport evaluate(Path onnx, Variant v, long seed, Path dir) {
    List<OodSpec> ood = holdout();
    ood.addAll(config.extraOod());
    // the no-dropout variant can only be evaluated deterministically
    int samples = v.placement() == Placement.NONE ? 1 : config.samples();
    EvaluationConfig ec =
        EvaluationConfig.defaults().withSamples(samples).withSeed(seed).withOod(ood);
    EngineConfig engineConfig = EngineConfig.defaults().withThreads(config.train().threads());
    try (McEngine engine = McEngine.load(onnx, engineConfig)) {
      EvaluationReport r = new Evaluator(engine, ec).plan(data.test()).run(evalProgress);
      ReportWriter.write(r, dir.resolve("evaluation"));
      return r;
    }
  }

  /**
   * Writes {@code study.json}, or checks that the one there describes this same study: resuming
   * with other settings would silently mix incomparable runs. Variants and seeds may be added.
   */
  private void claimOutput(Architecture arch) {
    Map<String, Object> desc = describe(arch);
    Path file = out.resolve(STUDY_FILE);
    try {
      if (Files.exists(file)) {
        @SuppressWarnings("unchecked")
        Map<String, Object> before = JSON.readValue(file.toFile(), Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> now = JSON.readValue(JSON.writeValueAsString(desc), Map.class);
        now.remove("variants");
        now.remove("seeds");
        before.remove("variants");
        before.remove("seeds");
        if (!before.equals(now)) {
          throw new McdropException(
              ErrorCode.BAD_OPTION,
              out
                  + " holds a study with other settings ("
                  + file
                  + "); resume it with the same options, or choose another --out");
        }
        log.line("resuming the study in " + out);
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
    train.put("dataSeed", config.dataSeed());
    m.put("train", train);
    m.put("holdoutClasses", config.holdoutClasses());
    m.put("ood", config.extraOod().stream().map(OodSpec::name).toList());
    m.put("samples", config.samples());
    m.put("trainLimit", config.trainLimit());
    m.put("testLimit", config.testLimit());
    m.put("variants", config.variants().stream().map(Variant::key).toList());
    m.put("seeds", config.seeds());
    return m;
  }

  private static VariantResult read(Path file) {
    try {
      return JSON.readValue(file.toFile(), VariantResult.class);
    } catch (IOException e) {
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          file + " is unreadable (" + e.getMessage() + "); delete it to rerun that unit",
          e);
    }
  }

  static String minutes(double seconds) {
    long s = Math.round(seconds);
    if (s >= 3600) {
      return (s / 3600) + "h" + String.format(Locale.ROOT, "%02d", (s % 3600) / 60) + "m";
    }
    return s >= 60 ? (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s" : s + "s";
  }
}

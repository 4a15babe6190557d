package io.mcdrop.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape docs/ARCHITECTURE.md draws, enforced on every module's main classes (tests and the
 * bench harness are not imported).
 *
 * <p>Modules by package: onnx = {@code io.mcdrop.onnx}, {@code .errors}, {@code .io}, {@code
 * .image}, {@code .metrics}; runtime = {@code io.mcdrop.runtime}; trainer, evaluation, study,
 * server, cli likewise.
 *
 * <p>Package cycles are checked per module, the trainer's included (its former cycles layers ↔
 * export, train ↔ checkpoint and export → train were broken in issue 9).
 */
class ArchitectureTest {
  static final String[] ONNX = {
    "io.mcdrop.onnx..",
    "io.mcdrop.errors..",
    "io.mcdrop.io..",
    "io.mcdrop.image..",
    "io.mcdrop.metrics.."
  };
  static final String RUNTIME = "io.mcdrop.runtime..";
  static final String TRAINER = "io.mcdrop.trainer..";
  static final String EVALUATION = "io.mcdrop.evaluation..";
  static final String STUDY = "io.mcdrop.study..";
  static final String SERVER = "io.mcdrop.server..";
  static final String CLI = "io.mcdrop.cli..";

  static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("/bench/"))
            .importPackages("io.mcdrop");
    if (classes.size() < 300) {
      throw new AssertionError("only " + classes.size() + " mcdrop classes imported");
    }
  }

  private static void check(ArchRule rule) {
    rule.check(classes);
  }

  @Test
  void theOnnxModuleDependsOnNoOtherMcdropModule() {
    check(
        noClasses()
            .that()
            .resideInAnyPackage(ONNX)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(RUNTIME, TRAINER, EVALUATION, STUDY, SERVER, CLI));
  }

  @Test
  void theRuntimeAndTheTrainerDependOnlyOnTheOnnxModule() {
    check(
        noClasses()
            .that()
            .resideInAPackage(RUNTIME)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(TRAINER, EVALUATION, STUDY, SERVER, CLI));
    check(
        noClasses()
            .that()
            .resideInAPackage(TRAINER)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(RUNTIME, EVALUATION, STUDY, SERVER, CLI));
  }

  @Test
  void evaluationStudyAndServerSitWhereTheArchitectureDrawsThem() {
    check(
        noClasses()
            .that()
            .resideInAPackage(EVALUATION)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(TRAINER, STUDY, SERVER, CLI));
    check(
        noClasses()
            .that()
            .resideInAPackage(STUDY)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(SERVER, CLI));
    check(
        noClasses()
            .that()
            .resideInAPackage(SERVER)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(TRAINER, EVALUATION, STUDY, CLI));
  }

  @Test
  void onnxRuntimeTypesAppearOnlyInTheRuntimesSessionPackage() {
    check(
        noClasses()
            .that()
            .resideOutsideOfPackage("io.mcdrop.runtime.session..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("ai.onnxruntime.."));
  }

  @Test
  void librariesNeverPrintOnlyTheCliDoes() {
    check(
        noClasses()
            .that()
            // the CLI, and the mains that are command lines of their own (trainer tools, the
            // entry point spark-submit runs)
            .resideOutsideOfPackages(CLI, "io.mcdrop.trainer.tools..", "io.mcdrop.spark.submit..")
            .should()
            .accessField(System.class, "out")
            .orShould()
            .accessField(System.class, "err")
            .because("libraries emit events; only command lines print"));
  }

  @Test
  void theRuntimesPackagesHaveNoCycles() {
    check(slices().matching("io.mcdrop.runtime.(*)..").should().beFreeOfCycles());
  }

  @Test
  void theOnnxTrainerEvaluationStudyServerAndCliPackagesHaveNoCycles() {
    check(slices().matching("io.mcdrop.onnx.(*)..").should().beFreeOfCycles());
    check(slices().matching("io.mcdrop.trainer.(*)..").should().beFreeOfCycles());
    check(slices().matching("io.mcdrop.evaluation.(*)..").should().beFreeOfCycles());
    check(slices().matching("io.mcdrop.study.(*)..").should().beFreeOfCycles());
    check(slices().matching("io.mcdrop.server.(*)..").should().beFreeOfCycles());
    check(slices().matching("io.mcdrop.cli.(*)..").should().beFreeOfCycles());
  }

  @Test
  void theModulesHaveNoCyclesBetweenThem() {
    check(slices().matching("io.mcdrop.(*)..").should().beFreeOfCycles());
  }
}

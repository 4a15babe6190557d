package io.mcdrop.study.run;

import io.mcdrop.study.Variant;
import java.nio.file.Path;

/**
 * One unit of a study's work: train one variant with one seed, evaluate it, store its result. Units
 * are independent of each other (they share only the read-only data), so they may run in any order,
 * in parallel, or on other machines; each is done once its {@code result.json} exists.
 */
public record StudyUnit(Variant variant, long seed) {
  /** {@code head-0.3/seed-1}: the unit's folder below the study's {@code variants/}. */
  public String key() {
    return variant.key() + "/seed-" + seed;
  }

  /** The unit's folder in the study folder {@code out}. */
  public Path dir(Path out) {
    return out.resolve("variants").resolve(variant.key()).resolve("seed-" + seed);
  }
}

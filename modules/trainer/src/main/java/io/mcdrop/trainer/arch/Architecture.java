package io.mcdrop.trainer.arch;

import io.mcdrop.trainer.tensor.Shape;

/**
 * A spec plus the input shape it runs on: everything needed to build a network. {@code name} is the
 * preset's key, or {@code custom}.
 */
public record Architecture(String name, ArchSpec spec, Shape input) {
  /**
   * Resolves a preset name or a spec text; a custom spec takes {@code defaultInput} as its input.
   */
  public static Architecture resolve(String presetOrSpec, Shape defaultInput) {
    return Preset.find(presetOrSpec)
        .map(p -> new Architecture(p.key(), p.spec(), p.input()))
        .orElseGet(() -> new Architecture("custom", ArchSpec.parse(presetOrSpec), defaultInput));
  }

  public static Architecture of(Preset preset) {
    return new Architecture(preset.key(), preset.spec(), preset.input());
  }

  public Architecture withInput(Shape newInput) {
    return new Architecture(name, spec, newInput);
  }

  public Architecture withClasses(int k) {
    return new Architecture(name, spec.withClasses(k), input);
  }

  /** Same architecture, dropout as {@code placement} says at {@code rate}. */
  public Architecture withDropout(DropoutPlacement placement, double rate) {
    return new Architecture(name, spec.withDropout(placement, rate), input);
  }

  public Architecture withDropout(DropoutPlacement placement, double convRate, double headRate) {
    return new Architecture(name, spec.withDropout(placement, convRate, headRate), input);
  }
}

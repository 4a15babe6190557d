package io.mcdrop.cli.common;

import io.mcdrop.errors.McdropException;
import io.mcdrop.evaluation.shift.ShiftSpec;
import io.mcdrop.runtime.mc.Strategy;
import io.mcdrop.runtime.session.ProviderSpec;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Picocli converters for the enum-like option values the libraries parse: a bad value is a usage
 * error at parse time (before any model is loaded), with a "did you mean" when one is close.
 */
public final class Choices {
  private Choices() {}

  /** The words {@code --strategy} accepts. */
  public static final List<String> STRATEGIES = List.of("auto", "loop", "batched", "trunk");

  /** The words {@code --provider} accepts (besides {@code cuda:N}). */
  public static final List<String> PROVIDERS = List.of("cpu", "cuda", "auto");

  /** Runs the library's parser; its message plus a suggestion becomes picocli's usage error. */
  public static <T> T parse(String text, List<String> accepted, ITypeConverter<T> parser) {
    try {
      return parser.convert(text);
    } catch (McdropException e) {
      String head = text.toLowerCase(Locale.ROOT).split(":", 2)[0];
      throw new TypeConversionException(e.getMessage() + Suggest.didYouMean(head, accepted));
    } catch (Exception e) {
      throw new TypeConversionException(e.getMessage());
    }
  }

  /** {@code --strategy auto|loop|batched|trunk}. */
  public static final class StrategyConverter implements ITypeConverter<Strategy> {
    @Override
    public Strategy convert(String value) {
      return parse(value, STRATEGIES, Strategy::parse);
    }
  }

  /** {@code --shift rotate:FROM:TO:STEP}. */
  public static final class ShiftConverter implements ITypeConverter<ShiftSpec> {
    @Override
    public ShiftSpec convert(String value) {
      return parse(value, List.of("rotate"), ShiftSpec::parse);
    }
  }

  /** {@code --provider cpu|cuda[:N]|auto}. */
  public static final class ProviderConverter implements ITypeConverter<ProviderSpec> {
    @Override
    public ProviderSpec convert(String value) {
      return parse(value, PROVIDERS, ProviderSpec::parse);
    }
  }
}

package io.mcdrop.cli.common;

import io.mcdrop.errors.McdropException;
import io.mcdrop.evaluation.ood.OodSpec;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --ood SOURCE}: a keyword source or an existing folder. A value that is neither is a usage
 * error at parse time, with a "did you mean" for a mistyped keyword ({@code nois} is not a folder,
 * it is {@code noise} misspelt).
 */
public final class OodConverter implements ITypeConverter<OodSpec> {
  /** The keyword sources. */
  public static final List<String> KEYWORDS = List.of("noise", "blank", "inverted", "holdout");

  @Override
  public OodSpec convert(String value) {
    OodSpec spec;
    try {
      spec = OodSpec.parse(value);
    } catch (McdropException e) {
      throw new TypeConversionException(e.getMessage());
    }
    if (spec instanceof OodSpec.Folder f && !Files.isDirectory(f.root())) {
      String head = value.strip().toLowerCase(Locale.ROOT).split(":", 2)[0];
      throw new TypeConversionException(
          "'"
              + value
              + "' is neither a folder nor a source keyword"
              + Suggest.didYouMean(head, KEYWORDS)
              + "; expected "
              + OodSpec.SYNTAX);
    }
    return spec;
  }
}

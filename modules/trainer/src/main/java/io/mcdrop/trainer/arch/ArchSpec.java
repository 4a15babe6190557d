package io.mcdrop.trainer.arch;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A parsed architecture: blocks separated by commas, each a list of tokens separated by hyphens.
 * Immutable; the {@code with…} methods return modified copies.
 */
public record ArchSpec(List<List<Token>> blocks) {
  public ArchSpec {
    blocks = blocks.stream().map(List::copyOf).toList();
  }

  /** Parses spec text; see {@link SpecParser} for the grammar. */
  public static ArchSpec parse(String text) {
    return SpecParser.parse(text);
  }

  /** Canonical text, e.g. {@code conv32-bn-relu-pool, fc10}. */
  public String text() {
    return blocks.stream()
        .map(b -> b.stream().map(Token::text).collect(Collectors.joining("-")))
        .collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return text();
  }

  /** Number of classes: the units of the last fully connected layer. */
  public int classes() {
    Token last = lastFc();
    return last == null ? -1 : last.size();
  }

  private Token lastFc() {
    Token last = null;
    for (List<Token> b : blocks) {
      for (Token t : b) {
        if (t.kind() == Token.Kind.FC) {
          last = t;
        }
      }
    }
    return last;
  }

  /** The same architecture with the output layer resized to {@code k} classes. */
  public ArchSpec withClasses(int k) {
    Token last = lastFc();
    List<List<Token>> out = new ArrayList<>();
    for (List<Token> b : blocks) {
      List<Token> nb = new ArrayList<>();
      for (Token t : b) {
        nb.add(t == last ? new Token(Token.Kind.FC, k, 0, 1, 0, false, t.position()) : t);
      }
      out.add(nb);
    }
    return new ArchSpec(out);
  }

  /** The same architecture with dropout placed as {@code placement} says, one rate everywhere. */
  public ArchSpec withDropout(DropoutPlacement placement, double rate) {
    return placement.apply(this, rate, rate);
  }

  /**
   * The same architecture with dropout placed as {@code placement} says; {@code convRate} applies
   * in convolutional blocks (and inside residual blocks), {@code headRate} in the classifier head.
   */
  public ArchSpec withDropout(DropoutPlacement placement, double convRate, double headRate) {
    return placement.apply(this, convRate, headRate);
  }
}

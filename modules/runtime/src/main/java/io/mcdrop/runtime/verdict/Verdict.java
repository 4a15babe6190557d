package io.mcdrop.runtime.verdict;

/**
 * How far to trust one prediction, in words. The CLI table, {@code --json}, the REST and V2
 * responses and the web page all show {@link #word()}.
 */
public enum Verdict {
  /** One class holds most of the probability and the MC samples agree. */
  CONFIDENT(
      "confident",
      "Most of the probability is on one class and the model's dropout samples agree on it."),
  /** The samples agree, but the probability is shared between classes. */
  AMBIGUOUS(
      "ambiguous",
      "The probability is shared between classes: the image itself could be more than one"
          + " thing."),
  /** The samples disagree (or, without sampling, the prediction is spread out). */
  UNCERTAIN(
      "uncertain",
      "The model does not know: its dropout samples disagree (or, without sampling, its"
          + " prediction is spread out), as on images unlike those it was trained on.");

  private final String word;
  private final String explanation;

  Verdict(String word, String explanation) {
    this.word = word;
    this.explanation = explanation;
  }

  /** The lowercase word every front end prints and the JSON field {@code verdict} carries. */
  public String word() {
    return word;
  }

  /** One sentence saying what the verdict means. */
  public String explanation() {
    return explanation;
  }
}

package io.mcdrop.evaluation;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import java.util.List;

/**
 * The model's output classes must be the data set's classes, in the same order: otherwise every
 * metric would silently compare against the wrong labels.
 */
public final class LabelCheck {
  private LabelCheck() {}

  /**
   * Passes when the names agree (ignoring case and surrounding blanks), or when the model has no
   * label metadata (names "0".."K-1") and the counts agree.
   *
   * @throws McdropException BAD_OPTION naming both lists otherwise
   */
  public static void verify(
      String model, List<String> modelLabels, String data, List<String> classes) {
    if (modelLabels.size() == classes.size()) {
      if (unnamed(modelLabels)) {
        return;
      }
      boolean same = true;
      for (int i = 0; i < classes.size() && same; i++) {
        same = modelLabels.get(i).strip().equalsIgnoreCase(classes.get(i).strip());
      }
      if (same) {
        return;
      }
    }
    throw new McdropException(
        ErrorCode.BAD_OPTION,
        "model '"
            + model
            + "' predicts "
            + modelLabels.size()
            + " classes "
            + modelLabels
            + " but data "
            + data
            + " has "
            + classes.size()
            + " classes "
            + classes
            + "; evaluate the model on the data it was trained for (with --ood holdout:C,..."
            + " if classes were held out of training), or pass --labels to rename its outputs");
  }

  private static boolean unnamed(List<String> labels) {
    for (int i = 0; i < labels.size(); i++) {
      if (!labels.get(i).equals(Integer.toString(i))) {
        return false;
      }
    }
    return true;
  }
}

package io.mcdrop.study.data;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.evaluation.data.LabeledSet;
import io.mcdrop.trainer.data.DataSource;
import io.mcdrop.trainer.data.Dataset;
import io.mcdrop.trainer.data.Split;
import io.mcdrop.trainer.tensor.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The data every variant of a study shares.
 *
 * @param train training images (held-out classes removed, subset applied); the trainer splits
 *     validation off this
 * @param test all test images, every class (the evaluation turns held-out classes into OOD)
 * @param notes what was done to the data, for the report
 */
public record StudyData(Dataset train, LabeledSet test, List<String> notes) {
  /** Share of an ImageFolder set kept aside as the test set (it has no test split of its own). */
  public static final double TEST_FRACTION = 0.2;

  public static StudyData load(
      String spec, Shape input, int[] holdout, int trainLimit, int testLimit, long seed) {
    DataSource source = DataSource.load(spec, input, seed);
    List<String> notes = new ArrayList<>(source.warnings());
    Dataset train = source.train();
    Dataset test = source.test();
    if (test == null) {
      Split s = Split.of(train, TEST_FRACTION, seed ^ 0x7e57L);
      train = s.train();
      test = s.validation();
      notes.add(
          String.format(
              java.util.Locale.ROOT,
              "%s has no test split: %.0f%% of its images (seeded) are the test set",
              source.name(),
              100 * TEST_FRACTION));
    }
    int classes = train.classes().size();
    for (int c : holdout) {
      if (c < 0 || c >= classes) {
        throw new McdropException(
            ErrorCode.BAD_OPTION,
            "--holdout-classes: class "
                + c
                + " does not exist; "
                + source.name()
                + " has classes 0.."
                + (classes - 1)
                + " "
                + train.classes());
      }
    }
    if (holdout.length > classes - 2) {
      throw new McdropException(
          ErrorCode.BAD_OPTION, "--holdout-classes leaves fewer than 2 classes to train on");
    }
    if (holdout.length > 0) {
      List<String> names = Arrays.stream(holdout).mapToObj(train.classes()::get).toList();
      train = Datasets.withoutClasses(train, holdout);
      notes.add("classes " + names + " are held out of training and used as OOD images");
    }
    int before = train.size();
    train = Datasets.limit(train, trainLimit, seed);
    if (train.size() < before) {
      notes.add("training on a seeded subset of " + train.size() + " of " + before + " images");
    }
    LabeledSet testSet = Datasets.toLabeledSet(test, source.name() + " test");
    if (testLimit > 0 && testLimit < testSet.size()) {
      notes.add("testing on a seeded subset of " + testLimit + " of " + testSet.size() + " images");
      testSet = testSet.limit(testLimit, seed);
    }
    return new StudyData(train, testSet, notes);
  }
}

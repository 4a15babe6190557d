package io.mcdrop.evaluation.ood;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.evaluation.data.FolderImages;
import io.mcdrop.evaluation.data.ImageSet;
import io.mcdrop.evaluation.data.LabeledSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Turns {@code --ood} specs into image sets, before any inference so that a bad source fails early.
 * A held-out-classes spec also changes the in-distribution set: its classes leave it.
 */
public final class OodSets {
  private OodSets() {}

  /** One OOD image set. */
  public record Named(String name, String description, ImageSet images) {}

  /** The in-distribution test set to use and the OOD sets to compare it with. */
  public record Resolved(LabeledSet inDistribution, List<Named> sets) {}

  /**
   * @param data the labelled test set, all classes
   * @param limit at most this many images per OOD set
   * @param seed seeds the synthetic sets
   */
  public static Resolved resolve(List<OodSpec> specs, LabeledSet data, int limit, long seed) {
    List<OodSpec.Holdout> holdouts =
        specs.stream()
            .filter(OodSpec.Holdout.class::isInstance)
            .map(OodSpec.Holdout.class::cast)
            .toList();
    if (holdouts.size() > 1) {
      throw new McdropException(
          ErrorCode.BAD_OPTION, "give held-out classes once (e.g. holdout:8,9)");
    }
    LabeledSet inDist = data;
    List<Named> out = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    if (!holdouts.isEmpty()) {
      int[] classes = holdouts.get(0).classes();
      for (int c : classes) {
        if (c >= data.classes().size()) {
          throw new McdropException(
              ErrorCode.BAD_OPTION,
              "held-out class "
                  + c
                  + " does not exist: "
                  + data.name()
                  + " has classes 0.."
                  + (data.classes().size() - 1));
        }
      }
      if (classes.length >= data.classes().size() - 1) {
        throw new McdropException(
            ErrorCode.BAD_OPTION, "holding out " + classes.length + " classes leaves fewer than 2");
      }
      LabeledSet.Split split = data.splitClasses(classes);
      inDist = split.kept();
      if (split.heldOut().size() == 0) {
        throw new McdropException(
            ErrorCode.BAD_OPTION,
            "the test set has no images of held-out classes " + Arrays.toString(classes));
      }
      List<String> heldNames = Arrays.stream(classes).mapToObj(c -> data.classes().get(c)).toList();
      out.add(
          new Named(
              "holdout",
              "held-out classes " + heldNames,
              limitImages(split.heldOut().images(), limit, seed)));
      names.add("holdout");
    }
    ImageSet base = inDist.images();
    int n = Math.min(limit, base.count());
    for (OodSpec spec : specs) {
      if (spec instanceof OodSpec.Holdout) {
        continue;
      }
      if (!names.add(spec.name())) {
        throw new McdropException(
            ErrorCode.BAD_OPTION, "OOD source '" + spec.name() + "' is given twice");
      }
      long s = seed + 31L * names.size();
      out.add(materialize(spec, base, n, limit, s));
    }
    return new Resolved(inDist, out);
  }

  private static Named materialize(OodSpec spec, ImageSet base, int n, int limit, long seed) {
    if (spec instanceof OodSpec.Noise z) {
      return new Named(z.name(), "uniform noise", noise(base, count(z.count(), n, limit), seed));
    }
    if (spec instanceof OodSpec.Blank b) {
      return new Named(
          b.name(),
          "blank images at random grey levels",
          blank(base, count(b.count(), n, limit), seed));
    }
    if (spec instanceof OodSpec.Inverted i) {
      return new Named(i.name(), "in-distribution test images, inverted", inverted(base, n, seed));
    }
    OodSpec.Folder f = (OodSpec.Folder) spec;
    return new Named(
        f.name(),
        "images under " + f.root(),
        FolderImages.load(f.root(), base.channels(), base.height(), base.width(), limit));
  }

  private static int count(int asked, int sameAsTest, int limit) {
    return asked == OodSpec.SAME_AS_TEST ? sameAsTest : Math.min(asked, limit);
  }

  static ImageSet noise(ImageSet like, int count, long seed) {
    Random rnd = new Random(seed);
    float[] px = new float[count * like.imageSize()];
    for (int i = 0; i < px.length; i++) {
      px[i] = rnd.nextFloat();
    }
    return new ImageSet(like.channels(), like.height(), like.width(), px);
  }

  static ImageSet blank(ImageSet like, int count, long seed) {
    Random rnd = new Random(seed);
    int size = like.imageSize();
    float[] px = new float[count * size];
    for (int i = 0; i < count; i++) {
      Arrays.fill(px, i * size, (i + 1) * size, rnd.nextFloat());
    }
    return new ImageSet(like.channels(), like.height(), like.width(), px);
  }

  static ImageSet inverted(ImageSet base, int count, long seed) {
    ImageSet chosen = limitImages(base, count, seed);
    float[] px = chosen.pixels().clone();
    for (int i = 0; i < px.length; i++) {
      px[i] = 1f - px[i];
    }
    return new ImageSet(base.channels(), base.height(), base.width(), px);
  }

  private static ImageSet limitImages(ImageSet images, int limit, long seed) {
    if (images.count() <= limit) {
      return images;
    }
    Random rnd = new Random(seed);
    int[] idx = new int[images.count()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    for (int i = idx.length - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
    }
    int[] keep = Arrays.copyOf(idx, limit);
    Arrays.sort(keep);
    return images.subset(keep);
  }
}

package io.mcdrop.spark.job;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** {@link TestImages} for tests in other packages. */
public final class TestImagesAccess {
  private TestImagesAccess() {}

  public static List<Path> write(Path dir, int n, long seed) throws IOException {
    return TestImages.write(dir, n, seed);
  }

  public static List<Path> junk(Path dir) throws IOException {
    return TestImages.junk(dir);
  }
}

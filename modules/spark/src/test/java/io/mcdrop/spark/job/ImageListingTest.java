package io.mcdrop.spark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver's listing: recursive, images only, hidden names skipped, globs, sorted URIs. */
class ImageListingTest {
  @TempDir Path dir;

  private Path touch(String name) throws Exception {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    return Files.write(p, new byte[] {1});
  }

  private static List<String> names(List<String> uris, Path base) {
    return uris.stream().map(u -> base.relativize(Path.of(URI.create(u))).toString()).toList();
  }

  @Test
  void walksFoldersKeepsImagesAndSkipsHiddenNames() throws Exception {
    touch("b/2.PNG");
    touch("a/1.jpg");
    touch("a/deeper/3.gif");
    touch("a/with space.bmp");
    touch("notes.txt");
    touch(".hidden/4.png");
    touch("_temporary/5.png");
    touch("a/.6.png");
    assertEquals(
        List.of("a/1.jpg", "a/deeper/3.gif", "a/with space.bmp", "b/2.PNG"),
        names(ImageListing.list(dir.toString(), new Configuration()), dir));
  }

  @Test
  void globsAndSingleFiles() throws Exception {
    touch("x/1.png");
    touch("y/2.png");
    touch("y/3.jpeg");
    Configuration c = new Configuration();
    assertEquals(List.of("x/1.png", "y/2.png"), names(ImageListing.list(dir + "/*/*.png", c), dir));
    assertEquals(List.of("y/3.jpeg"), names(ImageListing.list(dir + "/y/3.jpeg", c), dir));
  }

  @Test
  void nothingThereIsNotFound() {
    McdropException e =
        assertThrows(
            McdropException.class,
            () -> ImageListing.list(dir.resolve("nowhere").toString(), new Configuration()));
    assertEquals(ErrorCode.NOT_FOUND, e.code());
    assertEquals(
        ErrorCode.NOT_FOUND,
        assertThrows(
                McdropException.class, () -> ImageListing.list(dir + "/*.png", new Configuration()))
            .code());
  }
}

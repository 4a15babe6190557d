package io.mcdrop.spark.job;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Reads one listed file in a task, as an input row (bytes, or the reason it cannot be read). Local
 * files are read with {@code java.nio}: Hadoop's local file system costs a status call, a checksum
 * file lookup and buffer allocations per file, about as much as decoding a small image.
 */
final class FileBytes {
  /** Files above this are refused before reading (no image classifier input is this large). */
  static final long MAX_BYTES = 256L * 1024 * 1024;

  private FileBytes() {}

  /** {@code uri} as listed by {@link ImageListing}. */
  static Row read(String uri, Configuration hadoop) {
    URI u = URI.create(uri);
    try {
      return "file".equals(u.getScheme()) ? local(uri, u) : hadoop(uri, u, hadoop);
    } catch (FileNotFoundException | NoSuchFileException e) {
      return error(uri, uri + ": no longer exists");
    } catch (IOException e) {
      return error(uri, uri + ": cannot read: " + e.getMessage());
    }
  }

  private static Row local(String uri, URI u) throws IOException {
    java.nio.file.Path p = java.nio.file.Path.of(u);
    long len = Files.size(p);
    return len > MAX_BYTES
        ? tooLarge(uri, len)
        : RowFactory.create(uri, Files.readAllBytes(p), null, null);
  }

  private static Row hadoop(String uri, URI u, Configuration hadoop) throws IOException {
    Path p = new Path(u);
    FileSystem fs = p.getFileSystem(hadoop);
    long len = fs.getFileStatus(p).getLen();
    if (len > MAX_BYTES) {
      return tooLarge(uri, len);
    }
    try (InputStream in = fs.open(p)) {
      return RowFactory.create(uri, in.readAllBytes(), null, null);
    }
  }

  private static Row tooLarge(String uri, long len) {
    return error(uri, uri + ": " + len + " bytes, larger than any image mcdrop reads");
  }

  private static Row error(String path, String message) {
    return RowFactory.create(path, null, null, message);
  }
}

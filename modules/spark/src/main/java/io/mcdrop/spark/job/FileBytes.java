package io.mcdrop.spark.job;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** Reads one listed file in a task, as an input row (bytes, or the reason it cannot be read). */
final class FileBytes {
  /** Files above this are refused before reading (no image classifier input is this large). */
  static final long MAX_BYTES = 256L * 1024 * 1024;

  private FileBytes() {}

  static Row read(String path, Configuration hadoop) {
    Path p = new Path(path);
    try {
      FileSystem fs = p.getFileSystem(hadoop);
      long len = fs.getFileStatus(p).getLen();
      if (len > MAX_BYTES) {
        return error(path, path + ": " + len + " bytes, larger than any image mcdrop reads");
      }
      try (InputStream in = fs.open(p)) {
        return RowFactory.create(path, in.readAllBytes(), null, null);
      }
    } catch (FileNotFoundException e) {
      return error(path, path + ": no longer exists");
    } catch (IOException e) {
      return error(path, path + ": cannot read: " + e.getMessage());
    }
  }

  private static Row error(String path, String message) {
    return RowFactory.create(path, null, null, message);
  }
}

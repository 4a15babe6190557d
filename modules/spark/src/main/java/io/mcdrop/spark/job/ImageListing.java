package io.mcdrop.spark.job;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The image files under a directory (recursively), a file or a glob, on any Hadoop file system, as
 * sorted URIs. Listed on the driver with the file system's own calls: Spark's file-source index
 * (the {@code binaryFile} source) costs seconds of query planning before the first file and a
 * status object per file that is never used. Like Spark's sources, names starting with {@code .} or
 * {@code _} (hidden files, {@code _SUCCESS}, {@code _temporary}) are skipped inside folders.
 */
final class ImageListing {
  private static final Pattern IMAGE = Pattern.compile("\\.(png|jpe?g|bmp|gif)$");

  private ImageListing() {}

  /** The image files {@code input} names; NOT_FOUND if it names nothing. */
  static List<String> list(String input, Configuration hadoop) {
    Path root = new Path(input);
    List<String> files = new ArrayList<>();
    try {
      FileSystem fs = root.getFileSystem(hadoop);
      FileStatus[] matches = fs.globStatus(root);
      if (matches == null || matches.length == 0) {
        throw new McdropException(ErrorCode.NOT_FOUND, input + ": no such file or directory");
      }
      for (FileStatus m : matches) {
        if (m.isDirectory()) {
          walk(fs, m.getPath(), files);
        } else if (isImage(m.getPath())) {
          files.add(m.getPath().toUri().toString());
        }
      }
    } catch (FileNotFoundException e) {
      throw new McdropException(ErrorCode.NOT_FOUND, input + ": no such file or directory", e);
    } catch (IOException e) {
      throw new McdropException(
          ErrorCode.NOT_FOUND, input + ": cannot list (" + e.getMessage() + ")", e);
    }
    Collections.sort(files);
    return files;
  }

  private static void walk(FileSystem fs, Path dir, List<String> files) throws IOException {
    for (FileStatus s : fs.listStatus(dir)) {
      String name = s.getPath().getName();
      if (name.startsWith(".") || name.startsWith("_")) {
        continue;
      }
      if (s.isDirectory()) {
        walk(fs, s.getPath(), files);
      } else if (isImage(s.getPath())) {
        files.add(s.getPath().toUri().toString());
      }
    }
  }

  private static boolean isImage(Path p) {
    return IMAGE.matcher(p.getName().toLowerCase(Locale.ROOT)).find();
  }
}

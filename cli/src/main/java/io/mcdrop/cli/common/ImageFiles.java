package io.mcdrop.cli.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Expands the image arguments of a command: files as given, directories to their images. */
public final class ImageFiles {
  private ImageFiles() {}

  private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

  /** The files found, and the arguments that named nothing readable (as error messages). */
  public record Expansion(List<Path> files, List<String> errors) {}

  public static Expansion expand(List<Path> args) {
    List<Path> files = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (Path a : args) {
      if (Files.isDirectory(a)) {
        try (Stream<Path> s = Files.walk(a)) {
          List<Path> found =
              s.filter(Files::isRegularFile).filter(ImageFiles::isImage).sorted().toList();
          if (found.isEmpty()) {
            errors.add(a + ": no images (.png, .jpg, .jpeg, .bmp, .gif) in this directory");
          }
          files.addAll(found);
        } catch (IOException e) {
          errors.add(a + ": cannot list directory: " + e.getMessage());
        }
      } else if (Files.exists(a)) {
        files.add(a);
      } else {
        errors.add(a + ": no such file or directory");
      }
    }
    return new Expansion(files, errors);
  }

  static boolean isImage(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return EXTENSIONS.stream().anyMatch(n::endsWith);
  }
}

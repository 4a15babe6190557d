package io.mcdrop.cli.common;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Expands the image arguments of a command: files as given, directories to the images in them,
 * {@code -} to standard input. Anything that cannot be read as a file (a FIFO or device, which
 * would block the reader, a broken symbolic link, an unreadable folder) becomes a failed input with
 * a message, never a hang and never a silent skip.
 */
public final class ImageFiles {
  private ImageFiles() {}

  /** The name standing for standard input. */
  public static final String STDIN = "-";

  private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

  /** One input, in argument order: a file to read, standard input, or a failure to report. */
  public sealed interface Input {
    /** How the input is named in output: the path as given, or {@code -}. */
    String name();
  }

  /** A regular file (or a symbolic link to one). */
  public record File(Path path) implements Input {
    @Override
    public String name() {
      return path.toString();
    }
  }

  /** Standard input ({@code -}): one image. */
  public record Stdin() implements Input {
    @Override
    public String name() {
      return STDIN;
    }
  }

  /** An argument or directory entry that cannot be classified, and why. */
  public record Failed(String name, String message) implements Input {}

  /** Every input, in argument order, directories expanded in sorted order. */
  public static List<Input> expand(List<Path> args) {
    List<Input> out = new ArrayList<>();
    for (Path a : args) {
      if (a.toString().equals(STDIN)) {
        out.add(new Stdin());
      } else if (Files.isDirectory(a)) {
        List<Input> found = walk(a);
        if (found.isEmpty()) {
          out.add(
              new Failed(
                  a.toString(), "no images (.png, .jpg, .jpeg, .bmp, .gif) in this directory"));
        }
        out.addAll(found);
      } else {
        out.add(classify(a, a.toString()));
      }
    }
    return out;
  }

  /** A named path: a file to read, or why it cannot be read without blocking. */
  private static Input classify(Path p, String name) {
    if (Files.isRegularFile(p)) {
      return new File(p);
    }
    if (Files.exists(p)) {
      return new Failed(name, "not a regular file (a FIFO, device or socket): skipped");
    }
    if (Files.isSymbolicLink(p)) {
      return new Failed(name, "broken symbolic link (its target does not exist)");
    }
    return new Failed(name, "no such file or directory");
  }

  private static List<Input> walk(Path root) {
    List<Input> found = new ArrayList<>();
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path p, BasicFileAttributes attrs) {
              // Links are not followed (no loops, no escaping the folder), but a link to an image
              // is read; a directory link is left alone.
              if (isImage(p) && !(attrs.isSymbolicLink() && Files.isDirectory(p))) {
                found.add(classify(p, p.toString()));
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path p, IOException e) {
              found.add(new Failed(p.toString(), "cannot read: " + reason(e)));
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      found.add(new Failed(root.toString(), "cannot list directory: " + reason(e)));
    }
    found.sort(
        (x, y) -> x.name().compareTo(y.name())); // stable, platform-independent order of images
    return found;
  }

  private static String reason(IOException e) {
    return e instanceof java.nio.file.AccessDeniedException
        ? "permission denied"
        : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  static boolean isImage(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return EXTENSIONS.stream().anyMatch(n::endsWith);
  }
}

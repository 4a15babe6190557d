package io.mcdrop.image;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes PNG, JPEG, BMP and GIF images with the JDK's ImageIO, refusing images whose header claims
 * more than a pixel budget <em>before</em> any pixel memory is allocated.
 *
 * <p>A 35-byte GIF can claim 40000 × 40000 pixels and a 74-byte PNG 23000 × 23000 at 16-bit RGBA
 * (4.2 GB once decoded). The reader is asked for width and height first (ImageIO parses only the
 * header for that), and {@code width × height > maxPixels} is an {@link ErrorCode#IMAGE_TOO_LARGE}.
 * The memory one decode can take is therefore bounded by {@code maxPixels} × 8 bytes (16-bit RGBA)
 * plus the decoded copy. Whatever else goes wrong inside ImageIO — including an {@link Error} such
 * as {@link OutOfMemoryError} — comes out as a {@link McdropException}, never as an {@code Error}.
 */
public final class ImageDecoder {
  /** Default pixel budget: 25 megapixels (a 6000 × 4000 photo). */
  public static final long DEFAULT_MAX_PIXELS = 25_000_000L;

  static {
    // Never try to open a display or cache to disk: mcdrop runs headless on servers.
    System.setProperty("java.awt.headless", "true");
    ImageIO.setUseCache(false);
  }

  private ImageDecoder() {}

  /** Width and height as the image header states them. */
  public record Size(int width, int height) {
    public long pixels() {
      return (long) width * height;
    }
  }

  /** Reads and decodes a file with the default pixel budget. */
  public static BufferedImage read(Path file) {
    return read(file, DEFAULT_MAX_PIXELS);
  }

  /** Reads and decodes a file; a missing or unreadable file is {@link ErrorCode#NOT_FOUND}. */
  public static BufferedImage read(Path file, long maxPixels) {
    return decode(readBytes(file), file.toString(), maxPixels);
  }

  /** The bytes of an image file, with mcdrop's error codes. */
  public static byte[] readBytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new McdropException(ErrorCode.NOT_FOUND, "image not found: " + file);
    } catch (IOException | OutOfMemoryError e) {
      throw new McdropException(
          ErrorCode.NOT_FOUND, "cannot read image " + file + ": " + e.getMessage(), e);
    }
  }

  /** Decodes with the default pixel budget; {@code origin} names the image in messages. */
  public static BufferedImage decode(byte[] bytes, String origin) {
    return decode(bytes, origin, DEFAULT_MAX_PIXELS);
  }

  /**
   * Decodes image bytes, refusing more than {@code maxPixels} pixels from the header.
   *
   * @throws McdropException {@link ErrorCode#BAD_IMAGE} for empty, unknown or corrupt data, {@link
   *     ErrorCode#IMAGE_TOO_LARGE} over the budget
   */
  public static BufferedImage decode(byte[] bytes, String origin, long maxPixels) {
    if (bytes.length == 0) {
      throw new McdropException(ErrorCode.BAD_IMAGE, origin + ": empty image");
    }
    try (ImageInputStream in = ByteArrayImageInputStream.over(bytes)) {
      ImageReader reader = reader(in, bytes, origin);
      try {
        reader.setInput(in, true, true);
        Size size = new Size(reader.getWidth(0), reader.getHeight(0));
        check(size, origin, maxPixels);
        BufferedImage img = reader.read(0, reader.getDefaultReadParam());
        if (img == null) {
          throw notAnImage(origin);
        }
        return img;
      } finally {
        reader.dispose();
      }
    } catch (McdropException e) {
      throw e;
    } catch (OutOfMemoryError e) {
      throw new McdropException(
          ErrorCode.IMAGE_TOO_LARGE,
          origin + ": decoding this image needs more memory than is available",
          e);
    } catch (IOException | RuntimeException | Error e) {
      // ImageIO's decoders throw IIOException, IndexOutOfBounds, NegativeArraySize, even
      // InternalError on hostile input: all of it is "corrupt image" to the caller.
      throw new McdropException(
          ErrorCode.BAD_IMAGE, origin + ": corrupt or truncated image (" + describe(e) + ")", e);
    }
  }

  /** The header's size, without decoding pixels. */
  public static Size size(byte[] bytes, String origin) {
    try (ImageInputStream in = ByteArrayImageInputStream.over(bytes)) {
      ImageReader reader = reader(in, bytes, origin);
      try {
        reader.setInput(in, true, true);
        return new Size(reader.getWidth(0), reader.getHeight(0));
      } finally {
        reader.dispose();
      }
    } catch (McdropException e) {
      throw e;
    } catch (IOException | RuntimeException | Error e) {
      throw new McdropException(
          ErrorCode.BAD_IMAGE, origin + ": unreadable image header (" + describe(e) + ")", e);
    }
  }

  /**
   * The reader for the image: the one ImageIO registers for the format the first bytes name (PNG,
   * JPEG, GIF, BMP), if it accepts the data, else ImageIO's own search over every registered
   * reader. {@code ImageIO.getImageReaders} asks each of them (about 10 KB of allocation per call),
   * where the magic number already says which one will answer.
   */
  private static ImageReader reader(ImageInputStream in, byte[] bytes, String origin)
      throws IOException {
    ImageReaderSpi likely = KnownFormats.forMagic(bytes);
    if (likely != null && likely.canDecodeInput(in)) {
      return likely.createReaderInstance();
    }
    Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
    if (!readers.hasNext()) {
      throw notAnImage(origin);
    }
    return readers.next();
  }

  private static void check(Size size, String origin, long maxPixels) {
    if (size.width() <= 0 || size.height() <= 0) {
      throw new McdropException(
          ErrorCode.BAD_IMAGE,
          origin + ": image header gives an empty size " + size.width() + "x" + size.height());
    }
    if (size.pixels() > maxPixels) {
      throw new McdropException(
          ErrorCode.IMAGE_TOO_LARGE,
          String.format(
              Locale.ROOT,
              "%s: image is %dx%d (%.1f megapixels); the limit is %.1f megapixels",
              origin,
              size.width(),
              size.height(),
              size.pixels() / 1e6,
              maxPixels / 1e6));
    }
  }

  private static McdropException notAnImage(String origin) {
    return new McdropException(
        ErrorCode.BAD_IMAGE, origin + ": not an image mcdrop can decode (PNG, JPEG, BMP or GIF)");
  }

  private static String describe(Throwable e) {
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  /** The JDK's readers for the four formats, looked up once, chosen by the file's magic number. */
  private static final class KnownFormats {
    private static final ImageReaderSpi PNG = spi("png");
    private static final ImageReaderSpi JPEG = spi("jpeg");
    private static final ImageReaderSpi GIF = spi("gif");
    private static final ImageReaderSpi BMP = spi("bmp");

    private static ImageReaderSpi spi(String format) {
      Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
      return readers.hasNext() ? readers.next().getOriginatingProvider() : null;
    }

    static ImageReaderSpi forMagic(byte[] b) {
      if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
        return PNG;
      }
      if (b.length >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8) {
        return JPEG;
      }
      if (b.length >= 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8') {
        return GIF;
      }
      if (b.length >= 2 && b[0] == 'B' && b[1] == 'M') {
        return BMP;
      }
      return null;
    }
  }
}

package io.mcdrop.server.api;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.http.multipart.CompletedPart;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Reads a multipart/form-data body that must hold exactly one file, in the form field {@code
 * field}: a text field of that name, a second file, or no file at all is a clear 400, not a
 * framework conversion error and not silently ignored.
 */
final class MultipartImage {
  /** The uploaded image's bytes and file name. */
  record Upload(byte[] bytes, String filename) {}

  private MultipartImage() {}

  static CompletableFuture<Upload> read(Publisher<CompletedPart> body, String field) {
    CompletableFuture<Upload> out = new CompletableFuture<>();
    body.subscribe(new Collector(field, out));
    return out;
  }

  private static final class Collector implements Subscriber<CompletedPart> {
    private final String field;
    private final CompletableFuture<Upload> out;
    private Upload image;
    private int files;
    private String otherFile;
    private boolean textNamedField;
    private McdropException failure;

    Collector(String field, CompletableFuture<Upload> out) {
      this.field = field;
      this.out = out;
    }

    @Override
    public void onSubscribe(Subscription s) {
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(CompletedPart part) {
      try {
        if (part instanceof CompletedFileUpload f) {
          files++;
          if (image == null && field.equals(f.getName())) {
            image = new Upload(f.getBytes(), f.getFilename());
          } else if (otherFile == null) {
            otherFile = f.getName();
          }
          f.discard();
        } else {
          textNamedField |= field.equals(part.getName());
          part.getBytes(); // read and release a text field's data
        }
      } catch (IOException | RuntimeException e) {
        failure = new McdropException(ErrorCode.BAD_IMAGE, "cannot read the uploaded form data");
      }
    }

    @Override
    public void onError(Throwable t) {
      out.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      if (failure != null) {
        out.completeExceptionally(failure);
      } else if (files > 1) {
        out.completeExceptionally(
            new McdropException(
                ErrorCode.BAD_IMAGE,
                "the form holds "
                    + files
                    + " files; send exactly one image, in field '"
                    + field
                    + "' (to classify several, send one request each or use /v2 with a batch)"));
      } else if (image == null) {
        out.completeExceptionally(
            new McdropException(
                ErrorCode.BAD_IMAGE,
                textNamedField
                    ? "form field '" + field + "' is text, not a file: upload the image as a file"
                    : "multipart form field '"
                        + field
                        + "' is missing"
                        + (otherFile == null ? "" : " (got a file in field '" + otherFile + "')")
                        + ": upload the image under that name"));
      } else {
        out.complete(image);
      }
    }
  }
}

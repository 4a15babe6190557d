package io.mcdrop.server.batching;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.runtime.mc.McOptions;
import io.mcdrop.server.registry.LoadedModel;

/**
 * What is refused before a request is queued, so that it costs nothing: more work than one request
 * may ask for (inputs times samples, 422 stating the limit), and MC sampling of a model without
 * dropout (422). The messages speak of the request, not of any client's flags.
 */
final class RequestChecks {
  private RequestChecks() {}

  static void check(LoadedModel model, McOptions options, int inputs, long maxWork) {
    long work = (long) inputs * options.samples();
    if (work > maxWork) {
      throw new McdropException(
          ErrorCode.BAD_OPTION,
          "this request asks for "
              + inputs
              + " input(s) x "
              + options.samples()
              + " MC sample(s) = "
              + work
              + " forward passes; this server allows at most "
              + maxWork
              + " per request: send fewer inputs per request or ask for fewer samples");
    }
    if (!options.deterministic() && !model.info().mcCapable()) {
      throw new McdropException(
          ErrorCode.NO_DROPOUT,
          "model '"
              + model.name()
              + "' has no dropout layers, so MC sampling is impossible; ask for 1 sample"
              + " (deterministic inference) or serve a model exported with its dropout kept");
    }
  }
}

package io.mcdrop.server.batching;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.runtime.model.ModelInfo;
import io.mcdrop.runtime.stats.Prediction;
import io.mcdrop.server.errors.ErrorStatus;
import io.mcdrop.server.errors.ServerBusyException;
import io.mcdrop.server.metrics.ServerMetrics;
import io.mcdrop.server.registry.LoadedModel;
import io.micronaut.http.HttpStatus;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One batch on a worker. Each input is produced (decoded) and validated first, on its own: a bad
 * input fails only its request and never joins the engine call. The inputs left then share one
 * {@link EngineCall}; if that fails, every request in it fails with that error (nothing is re-run).
 * Nothing a request does can escape this class: every {@link Throwable} becomes an answer, so no
 * request can kill a worker.
 */
final class BatchRun {
  private static final Logger LOG = LoggerFactory.getLogger(BatchRun.class);

  private final EngineCall engineCall;
  private final ServerMetrics metrics;

  BatchRun(EngineCall engineCall, ServerMetrics metrics) {
    this.engineCall = engineCall;
    this.metrics = metrics;
  }

  /** A finished input: its prediction or its error, delivered after the batch ran. */
  record Outcome(Job job, Prediction prediction, Throwable error) {
    void deliver() {
      if (error == null) {
        job.submission.deliver(job.index, prediction);
      } else {
        job.submission.fail(error);
      }
    }
  }

  /** Runs the batch (all with one model and options); returns what to deliver. */
  List<Outcome> run(List<Job> batch) {
    List<Outcome> outcomes = new ArrayList<>(batch.size());
    List<Job> live = new ArrayList<>(batch.size());
    List<float[]> inputs = new ArrayList<>(batch.size());
    LoadedModel model = batch.get(0).submission.model;
    for (Job j : batch) {
      if (j.submission.done()) {
        continue; // timed out, or another of its inputs failed
      }
      try {
        float[] x = j.input.get();
        validate(x, model.info());
        inputs.add(x);
        live.add(j);
      } catch (Throwable e) {
        outcomes.add(new Outcome(j, null, inputError(e, model)));
      }
    }
    if (live.isEmpty()) {
      return outcomes;
    }
    live.forEach(j -> j.submission.markStarted());
    try {
      List<Prediction> out = engineCall.predict(model, inputs, live.get(0).key().options());
      metrics.batch(model.name(), live.size());
      long drawn = 0;
      for (int i = 0; i < live.size(); i++) {
        drawn += out.get(i).samples();
        outcomes.add(new Outcome(live.get(i), out.get(i), null));
      }
      metrics.samples(model.name(), drawn);
    } catch (Throwable e) {
      Throwable answer = engineError(e, model);
      live.forEach(j -> outcomes.add(new Outcome(j, null, answer)));
    }
    return outcomes;
  }

  /** The checks the engine makes per input, made before the input joins the engine call. */
  private static void validate(float[] x, ModelInfo info) {
    if (x.length != info.inputSize()) {
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          "input has " + x.length + " values but the model takes " + info.inputSize());
    }
    for (float v : x) {
      if (!Float.isFinite(v)) {
        throw new McdropException(ErrorCode.BAD_INPUT, "input contains NaN or infinite values");
      }
    }
  }

  private static Throwable inputError(Throwable e, LoadedModel model) {
    if (e instanceof McdropException || e instanceof ServerBusyException) {
      return e;
    }
    if (e instanceof OutOfMemoryError) {
      LOG.warn("decoding an input for model '{}' ran out of memory", model.name());
      return new McdropException(
          ErrorCode.BAD_IMAGE,
          "the image is too large to decode within this server's memory; send a smaller image");
    }
    LOG.error("preparing an input for model '{}' failed", model.name(), e);
    return new McdropException(ErrorCode.INTERNAL, "the input could not be prepared", e);
  }

  private static Throwable engineError(Throwable e, LoadedModel model) {
    if (e instanceof McdropException m) {
      if (ErrorStatus.of(m.code()).getCode() >= 500) {
        LOG.error("inference on model '{}' failed", model.name(), e);
      }
      return e;
    }
    if (e instanceof OutOfMemoryError) {
      LOG.error("inference on model '{}' ran out of memory", model.name(), e);
      return new ServerBusyException(
          HttpStatus.SERVICE_UNAVAILABLE,
          5,
          "the server ran out of memory on this request; retry later or with fewer samples");
    }
    LOG.error("inference on model '{}' failed", model.name(), e);
    return new McdropException(ErrorCode.INTERNAL, "inference failed; see the server log", e);
  }
}

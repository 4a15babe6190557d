package io.mcdrop.server.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Every server setting and its default. Micronaut binds {@code mcdrop.server.*} from configuration
 * files, system properties and environment variables (e.g. {@code MCDROP_SERVER_MAX_SAMPLES}).
 *
 * @param models directory whose {@code *.onnx} files are served, each named by its file stem
 * @param threads inference workers (each runs one batch at a time); 0 = one per CPU core
 * @param engineThreads ONNX Runtime intra-op threads per run; workers times this should not exceed
 *     the cores
 * @param maxSamples the largest MC sample count a request may ask for
 * @param defaultSamples MC samples when a request does not say
 * @param queueCapacity requests queued for a worker before new ones must wait
 * @param queueWait how long a request waits for a queue slot before it gets 429
 * @param maxBatch most requests coalesced into one engine call (1 disables dynamic batching)
 * @param maxWork the most forward passes (inputs times MC samples) one request may ask for; a
 *     request beyond it gets 422 before it is queued (never less than {@code maxSamples}, so one
 *     input at the largest sample count is always allowed). The default is a full batch (32) of
 *     requests at the default largest sample count (1000)
 * @param requestTimeout a request not answered within this is cancelled and reported (503)
 * @param shutdownGrace how long shutdown waits for in-flight requests
 * @param followLinks whether a symbolic link in the models directory that points outside it is
 *     served (by default it is refused and reported, so only files placed in the directory itself,
 *     or linked within it, are served)
 * @param bodyBudget bytes all request bodies in progress may take together (each reserves its
 *     declared length until answered); a request that does not fit gets 429 before its body is
 *     read. With the decode budget per worker this bounds the server's memory (see the README)
 * @param apiKey when set, every endpoint except health needs it
 * @param workerSpinMicros how long an inference worker that found the queue empty keeps polling it
 *     before it parks (0: park at once). A request that arrives meanwhile is taken by the polling
 *     worker without waking a parked thread, which on a virtual machine means waking an idle vCPU
 *     through the host. It yields the core to any other runnable thread while it polls, so the
 *     price is at most this much otherwise idle CPU after each batch. Only the one busy worker
 *     polls
 */
@ConfigurationProperties("mcdrop.server")
public record ServerConfig(
    @Bindable(defaultValue = "models") String models,
    @Bindable(defaultValue = "0") int threads,
    @Bindable(defaultValue = "1") int engineThreads,
    @Bindable(defaultValue = "1000") int maxSamples,
    @Bindable(defaultValue = "30") int defaultSamples,
    @Bindable(defaultValue = "64") int queueCapacity,
    @Bindable(defaultValue = "250ms") Duration queueWait,
    @Bindable(defaultValue = "32") int maxBatch,
    @Bindable(defaultValue = "32000") long maxWork,
    @Bindable(defaultValue = "30s") Duration requestTimeout,
    @Bindable(defaultValue = "30s") Duration shutdownGrace,
    @Bindable(defaultValue = "false") boolean followLinks,
    @Bindable(defaultValue = "268435456") long bodyBudget,
    @Nullable String apiKey,
    @Bindable(defaultValue = "500") int workerSpinMicros) {

  public ServerConfig {
    if (threads < 0 || engineThreads < 0) {
      throw new IllegalArgumentException("threads must be >= 0");
    }
    if (maxSamples < 1 || defaultSamples < 1 || defaultSamples > maxSamples) {
      throw new IllegalArgumentException(
          "need 1 <= default-samples (" + defaultSamples + ") <= max-samples (" + maxSamples + ")");
    }
    if (workerSpinMicros < 0 || workerSpinMicros > 10_000) {
      throw new IllegalArgumentException(
          "worker-spin-micros must be between 0 and 10000, not " + workerSpinMicros);
    }
    if (queueCapacity < 1 || maxBatch < 1 || maxWork < 1 || bodyBudget < 1) {
      throw new IllegalArgumentException(
          "queue-capacity, max-batch, max-work and body-budget must be >= 1");
    }
    apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
  }

  /** The per-request work limit actually applied: at least one input at the largest samples. */
  public long effectiveMaxWork() {
    return Math.max(maxWork, maxSamples);
  }

  /** Workers actually started. */
  public int workers() {
    return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
  }
}

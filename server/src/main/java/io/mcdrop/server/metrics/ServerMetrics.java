package io.mcdrop.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.function.Supplier;

/** Names and registers every mcdrop meter, so they are defined in one place. */
@Singleton
public final class ServerMetrics {
  private final MeterRegistry registry;
  private final java.util.Map<String, Timer> timers =
      new java.util.concurrent.ConcurrentHashMap<>();
  // Per model, cached for the same reason: these are recorded once per engine call.
  private final java.util.Map<String, Counter> sampleCounters =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.Map<String, DistributionSummary> batchSizes =
      new java.util.concurrent.ConcurrentHashMap<>();

  public ServerMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** One answered request: latency histogram and count, by model, endpoint and status. */
  public void request(String model, String endpoint, int status, long nanos) {
    // Cached: building and registering a meter per request costs more than recording.
    timers
        .computeIfAbsent(
            model + '\0' + endpoint + '\0' + status, k -> timer(model, endpoint, status))
        .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  private Timer timer(String model, String endpoint, int status) {
    return Timer.builder("mcdrop.requests")
        .description("Inference requests by model, endpoint and HTTP status")
        .tag("model", model)
        .tag("endpoint", endpoint)
        .tag("status", Integer.toString(status))
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry);
  }

  /** MC samples drawn for a model (one deterministic pass counts as one). */
  public void samples(String model, long n) {
    sampleCounters
        .computeIfAbsent(
            model,
            m ->
                Counter.builder("mcdrop.mc.samples")
                    .description("Monte Carlo samples drawn")
                    .tag("model", m)
                    .register(registry))
        .increment(n);
  }

  /** Requests coalesced into one engine call. */
  public void batch(String model, int size) {
    batchSizes
        .computeIfAbsent(
            model,
            m ->
                DistributionSummary.builder("mcdrop.batch.size")
                    .description("Requests coalesced into one engine call (dynamic batching)")
                    .tag("model", m)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(1.0)
                    .maximumExpectedValue(256.0)
                    .register(registry))
        .record(size);
  }

  public void timeout(String model) {
    Counter.builder("mcdrop.requests.timeouts")
        .description("Requests cancelled because they exceeded the request timeout")
        .tag("model", model)
        .register(registry)
        .increment();
  }

  public void rejected(String reason) {
    Counter.builder("mcdrop.requests.rejected")
        .description("Requests refused before running (queue full, shutting down)")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  public void queueDepth(Supplier<Number> depth) {
    Gauge.builder("mcdrop.queue.depth", depth, s -> s.get().doubleValue())
        .description("Requests waiting for an inference worker")
        .strongReference(true)
        .register(registry);
  }
}

package io.mcdrop.server;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the {@code serve} command (or a test) overrides; anything left null keeps the default from
 * {@link io.mcdrop.server.config.ServerConfig} and {@code application.yml}, so defaults live in one
 * place.
 *
 * @param models models directory
 * @param host address to bind (default 127.0.0.1)
 * @param port port to bind (default 8080; 0 picks a free one)
 * @param threads inference workers
 * @param maxSamples largest sample count a request may ask for
 * @param apiKey API key every non-health request must carry
 * @param extra further Micronaut properties, e.g. {@code mcdrop.server.max-batch}
 */
public record ServerSettings(
    Path models,
    String host,
    Integer port,
    Integer threads,
    Integer maxSamples,
    String apiKey,
    Map<String, Object> extra) {

  public ServerSettings {
    extra = extra == null ? Map.of() : Map.copyOf(extra);
  }

  public static ServerSettings defaults() {
    return new ServerSettings(null, null, null, null, null, null, null);
  }

  public ServerSettings withModels(Path p) {
    return new ServerSettings(p, host, port, threads, maxSamples, apiKey, extra);
  }

  public ServerSettings withPort(int p) {
    return new ServerSettings(models, host, p, threads, maxSamples, apiKey, extra);
  }

  public ServerSettings withApiKey(String k) {
    return new ServerSettings(models, host, port, threads, maxSamples, k, extra);
  }

  public ServerSettings with(String property, Object value) {
    Map<String, Object> m = new LinkedHashMap<>(extra);
    m.put(property, value);
    return new ServerSettings(models, host, port, threads, maxSamples, apiKey, m);
  }

  /** The Micronaut properties these settings stand for. */
  Map<String, Object> properties() {
    Map<String, Object> p = new LinkedHashMap<>(extra);
    if (models != null) {
      p.put("mcdrop.server.models", models.toString());
    }
    if (host != null) {
      p.put("micronaut.server.host", host);
    }
    if (port != null) {
      p.put("micronaut.server.port", port);
    }
    if (threads != null) {
      p.put("mcdrop.server.threads", threads);
    }
    if (maxSamples != null) {
      p.put("mcdrop.server.max-samples", maxSamples);
    }
    if (apiKey != null) {
      p.put("mcdrop.server.api-key", apiKey);
    }
    return p;
  }
}

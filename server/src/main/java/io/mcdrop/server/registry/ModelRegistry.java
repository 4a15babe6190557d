package io.mcdrop.server.registry;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.runtime.mc.EngineConfig;
import io.mcdrop.runtime.mc.McEngine;
import io.mcdrop.runtime.session.EngineThreads;
import io.mcdrop.server.config.ServerConfig;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the models directory in the background (the server answers health checks meanwhile, and
 * reports not ready until loading is done). A model that fails to load is skipped and reported; it
 * does not take the others down.
 */
@Context
public final class ModelRegistry implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

  private final Path directory;
  private final boolean followLinks;
  private final EngineConfig engineConfig;
  private final Map<String, LoadedModel> models = new LinkedHashMap<>();
  private final Map<String, String> failures = new LinkedHashMap<>();
  private final CountDownLatch loaded = new CountDownLatch(1);
  private volatile boolean closed;

  public ModelRegistry(ServerConfig config) {
    this.directory = Paths.get(config.models()).toAbsolutePath().normalize();
    this.followLinks = config.followLinks();
    this.engineConfig = EngineConfig.defaults().withThreads(config.engineThreads());
    EngineThreads.create(this::loadAll, "mcdrop-model-loader").start();
  }

  private void loadAll() {
    try {
      if (!Files.isDirectory(directory)) {
        LOG.warn("models directory {} does not exist: serving no models", directory);
        return;
      }
      List<Path> files;
      try (Stream<Path> s = Files.list(directory)) {
        files = s.filter(p -> p.getFileName().toString().endsWith(".onnx")).sorted().toList();
      }
      Path realDir = directory.toRealPath();
      for (Path f : files) {
        if (outside(f, realDir)) {
          continue;
        }
        load(f);
      }
      LOG.info("serving {} model(s) from {}: {}", models.size(), directory, names());
    } catch (IOException e) {
      LOG.error("cannot list models directory {}: {}", directory, e.getMessage());
    } finally {
      loaded.countDown();
    }
  }

  /**
   * A file that resolves (through symbolic links) to a place outside the models directory is not
   * served unless {@code follow-links} is on: whoever can drop a link into the directory must not
   * be able to serve, and probe, any file on the machine.
   */
  private boolean outside(Path file, Path realDir) {
    String name = file.getFileName().toString().replaceFirst("\\.onnx$", "");
    try {
      Path real = file.toRealPath();
      if (followLinks || real.startsWith(realDir)) {
        return false;
      }
      synchronized (this) {
        failures.put(name, "links outside the models directory; not served (see follow-links)");
      }
      LOG.warn(
          "not serving model '{}': {} links to {}, outside the models directory {}"
              + " (set mcdrop.server.follow-links=true to allow)",
          name,
          file.getFileName(),
          real,
          realDir);
    } catch (IOException e) {
      synchronized (this) {
        failures.put(name, "cannot resolve the file (dangling link?)");
      }
      LOG.warn("not serving model '{}': cannot resolve {}: {}", name, file, e.getMessage());
    }
    return true;
  }

  private void load(Path file) {
    String name = file.getFileName().toString().replaceFirst("\\.onnx$", "");
    try {
      McEngine engine = McEngine.load(file, engineConfig);
      synchronized (this) {
        if (closed) {
          engine.close();
          return;
        }
        models.put(name, new LoadedModel(name, engine));
      }
      LOG.info(
          "loaded model '{}' ({} classes, {} dropout layers, strategy {})",
          name,
          engine.info().classes(),
          engine.info().dropoutLayers(),
          engine.resolve(io.mcdrop.runtime.mc.Strategy.AUTO).cliName());
    } catch (RuntimeException e) {
      synchronized (this) {
        failures.put(name, e.getMessage());
      }
      LOG.error("cannot load model '{}' from {}: {}", name, file, e.getMessage());
    }
  }

  /** Whether loading has finished (successfully or not for each model). */
  public boolean ready() {
    return loaded.getCount() == 0;
  }

  /**
   * Whether this server can serve: loading has finished and at least one model loaded. A server
   * whose every model failed to load is alive but not ready, so an orchestrator sends it no
   * traffic.
   */
  public synchronized boolean serving() {
    return ready() && !models.isEmpty();
  }

  /** Waits for loading to finish; returns whether it did within the timeout. */
  public boolean awaitLoaded(long timeout, TimeUnit unit) throws InterruptedException {
    return loaded.await(timeout, unit);
  }

  public synchronized Collection<LoadedModel> all() {
    return List.copyOf(models.values());
  }

  public synchronized List<String> names() {
    return new ArrayList<>(models.keySet());
  }

  /** Models that failed to load, with the reason. */
  public synchronized Map<String, String> failures() {
    return Map.copyOf(failures);
  }

  public synchronized boolean contains(String name) {
    return models.containsKey(name);
  }

  /** The model of that name, or NOT_FOUND listing the names that exist. */
  public synchronized LoadedModel get(String name) {
    LoadedModel m = models.get(name);
    if (m == null) {
      throw new McdropException(
          ErrorCode.NOT_FOUND,
          "unknown model '"
              + abbreviate(name)
              + "'"
              + (ready() ? "" : " (models are still loading)")
              + "; this server has "
              + (models.isEmpty() ? "no models" : models.keySet()));
    }
    return m;
  }

  public Path directory() {
    return directory;
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }

  @PreDestroy
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (LoadedModel m : models.values()) {
      m.engine().close();
    }
    models.clear();
  }
}

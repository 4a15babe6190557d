package io.mcdrop.server.support;

import io.mcdrop.server.McdropServer;
import io.mcdrop.server.ServerSettings;
import io.mcdrop.server.batching.InferenceScheduler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/** A real server on 127.0.0.1 and a random port, serving {@link TestModels}. */
public final class TestServer implements AutoCloseable {
  public final McdropServer server;
  public final Http http;
  public final Path models;

  private TestServer(McdropServer server, Path models) {
    this.server = server;
    this.models = models;
    this.http = new Http(server.uri());
  }

  public static TestServer start(Map<String, Object> properties) throws Exception {
    return start(properties, new Object[0]);
  }

  /** Starts a server with extra beans, e.g. an {@link EngineGate}. */
  public static TestServer start(Map<String, Object> properties, Object... beans) throws Exception {
    Path dir = TestModels.write(Files.createTempDirectory("mcdrop-server-test"));
    ServerSettings settings =
        ServerSettings.defaults()
            .withModels(dir)
            .withPort(-1)
            .with("micronaut.server.host", "127.0.0.1");
    for (var e : properties.entrySet()) {
      settings = settings.with(e.getKey(), e.getValue());
    }
    McdropServer server = McdropServer.start(settings, beans);
    if (!server.awaitModels(Duration.ofSeconds(60))) {
      server.close();
      throw new IllegalStateException("models did not load in time");
    }
    return new TestServer(server, dir);
  }

  /** The server's scheduler, for conditions such as its queue depth. */
  public InferenceScheduler scheduler() {
    return server.context().getBean(InferenceScheduler.class);
  }

  @Override
  public void close() throws IOException {
    server.close();
    try (Stream<Path> s = Files.walk(models)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}

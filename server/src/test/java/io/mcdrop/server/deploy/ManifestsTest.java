package io.mcdrop.server.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.mcdrop.server.config.ServerConfig;
import io.mcdrop.server.grpc.GrpcConfig;
import io.mcdrop.server.support.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kubernetes manifests under {@code deploy/} agree with the server: the ports they name are the
 * ones it listens on by default, the probe paths answer 200 on a real server (without the API key,
 * as probes carry none), and the KServe runtime declares what KServe needs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManifestsTest {
  private static final Path DEPLOY = Path.of("..", "deploy");
  private Map<String, Object> runtime;
  private Map<String, Object> isvc;
  private Map<String, Object> deployment;
  private Map<String, Object> service;
  private int httpPort;

  @BeforeAll
  void read() throws IOException {
    runtime = yaml("kserve/servingruntime.yaml");
    isvc = yaml("kserve/inferenceservice.yaml");
    deployment = yaml("kubernetes/deployment.yaml");
    service = yaml("kubernetes/service.yaml");
    try (InputStream in = ServerConfig.class.getResourceAsStream("/application.yml")) {
      Map<String, Object> app = new Yaml().load(in);
      httpPort = (Integer) map(map(app, "micronaut"), "server").get("port");
    }
  }

  private static Map<String, Object> yaml(String file) throws IOException {
    return new Yaml().load(Files.readString(DEPLOY.resolve(file)));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object parent, String key) {
    Object v = ((Map<String, Object>) parent).get(key);
    assertNotNull(v, "missing '" + key + "' in " + parent);
    return (Map<String, Object>) v;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Object parent, String key) {
    Object v = ((Map<String, Object>) parent).get(key);
    assertNotNull(v, "missing '" + key + "' in " + parent);
    return (List<Map<String, Object>>) v;
  }

  private static int port(Map<String, Object> container, String name) {
    for (Map<String, Object> p : list(container, "ports")) {
      if (name.equals(p.get("name"))) {
        return (Integer) p.get("containerPort");
      }
    }
    throw new AssertionError("no port named " + name + " in " + container);
  }

  @SuppressWarnings("unchecked")
  private static String arg(Map<String, Object> container, String option) {
    List<String> args = (List<String>) container.get("args");
    int i = args.indexOf(option);
    assertTrue(i >= 0 && i + 1 < args.size(), option + " not in " + args);
    return args.get(i + 1);
  }

  private static String probePath(Map<String, Object> container, String probe) {
    return (String) map(map(container, probe), "httpGet").get("path");
  }

  private static int budgetSeconds(Map<String, Object> probe) {
    return (Integer) probe.get("periodSeconds") * (Integer) probe.get("failureThreshold");
  }

  @Test
  void kserveRuntimeSpeaksV2ForOnnxOnTheServersPorts() {
    assertEquals("ServingRuntime", runtime.get("kind"));
    Map<String, Object> spec = map(runtime, "spec");
    @SuppressWarnings("unchecked")
    List<String> protocols = (List<String>) spec.get("protocolVersions");
    assertTrue(protocols.contains("v2") && protocols.contains("grpc-v2"), protocols.toString());
    assertEquals("onnx", list(spec, "supportedModelFormats").get(0).get("name"));
    Map<String, Object> c = list(spec, "containers").get(0);
    assertEquals("kserve-container", c.get("name"));
    assertEquals(httpPort, port(c, "http1"));
    assertEquals(GrpcConfig.DEFAULT_PORT, port(c, "h2c"));
    assertEquals(String.valueOf(httpPort), arg(c, "--port"));
    assertEquals(String.valueOf(GrpcConfig.DEFAULT_PORT), arg(c, "--grpc-port"));
    assertEquals("0.0.0.0", arg(c, "--host"));
    assertEquals("/mnt/models", arg(c, "--models"));
    assertEquals("/v2/health/live", probePath(c, "livenessProbe"));
    assertEquals("/v2/health/ready", probePath(c, "readinessProbe"));
    assertEquals("/v2/health/ready", probePath(c, "startupProbe"));
    assertTrue(budgetSeconds(map(c, "startupProbe")) >= 120, "startup probe budget for model load");
    assertEquals(65532, map(c, "securityContext").get("runAsUser"));
  }

  @Test
  void manifestsRunTheImageTheBuildMakes() throws IOException {
    String pom = Files.readString(Path.of("..", "image", "pom.xml"));
    var m = java.util.regex.Pattern.compile("<image.name>([^<]+)</image.name>").matcher(pom);
    assertTrue(m.find(), "image/pom.xml names no image");
    String image = m.group(1);
    assertEquals(image, list(map(runtime, "spec"), "containers").get(0).get("image"));
    assertEquals(
        image,
        list(map(map(map(deployment, "spec"), "template"), "spec"), "containers")
            .get(0)
            .get("image"));
    // The image's own user is the one the manifests ask for.
    assertTrue(pom.contains("<user>65532:65532</user>"));
  }

  @Test
  void inferenceServiceUsesTheRuntime() {
    assertEquals("InferenceService", isvc.get("kind"));
    Map<String, Object> model = map(map(map(isvc, "spec"), "predictor"), "model");
    assertEquals(map(runtime, "metadata").get("name"), model.get("runtime"));
    assertEquals("onnx", map(model, "modelFormat").get("name"));
    assertEquals("v2", model.get("protocolVersion"));
    // Two ports need RawDeployment: Knative exposes one.
    assertEquals(
        "RawDeployment",
        map(map(isvc, "metadata"), "annotations").get("serving.kserve.io/deploymentMode"));
  }

  @Test
  void plainDeploymentAndServiceAgree() throws Exception {
    Map<String, Object> spec = map(deployment, "spec");
    Map<String, Object> pod = map(map(spec, "template"), "spec");
    Map<String, Object> c = list(pod, "containers").get(0);
    assertEquals(httpPort, port(c, "http"));
    assertEquals(GrpcConfig.DEFAULT_PORT, port(c, "grpc"));
    assertEquals(String.valueOf(httpPort), arg(c, "--port"));
    assertEquals(String.valueOf(GrpcConfig.DEFAULT_PORT), arg(c, "--grpc-port"));
    assertEquals("/v2/health/live", probePath(c, "livenessProbe"));
    assertEquals("/v2/health/ready", probePath(c, "startupProbe"));
    assertEquals(GrpcConfig.DEFAULT_PORT, map(map(c, "readinessProbe"), "grpc").get("port"));
    assertEquals(
        map(map(spec, "selector"), "matchLabels"),
        map(map(map(spec, "template"), "metadata"), "labels"));
    assertEquals(map(map(service, "spec"), "selector"), map(map(spec, "selector"), "matchLabels"));
    List<String> targets = new ArrayList<>();
    for (Map<String, Object> p : list(map(service, "spec"), "ports")) {
      targets.add((String) p.get("targetPort"));
      assertEquals(port(c, (String) p.get("targetPort")), p.get("port"));
    }
    assertEquals(List.of("http", "grpc"), targets);
    assertEquals(65532, map(pod, "securityContext").get("runAsUser"));
    try (TestServer s = TestServer.start(Map.of())) {
      // Kubernetes must let in-flight requests drain before it kills the pod.
      long grace = s.server.context().getBean(ServerConfig.class).shutdownGrace().toSeconds();
      assertTrue((Integer) pod.get("terminationGracePeriodSeconds") > grace);
    }
  }

  @Test
  void probePathsAnswerWithoutTheApiKeyOnARealServer() throws Exception {
    List<String> paths = new ArrayList<>();
    for (Map<String, Object> c :
        List.of(
            list(map(runtime, "spec"), "containers").get(0),
            list(map(map(map(deployment, "spec"), "template"), "spec"), "containers").get(0))) {
      for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
        Map<String, Object> p = map(c, probe);
        if (p.containsKey("httpGet")) {
          paths.add(probePath(c, probe));
        }
      }
    }
    assertEquals(5, paths.size());
    try (TestServer s = TestServer.start(Map.of("mcdrop.server.api-key", "k8s-secret"))) {
      for (String path : paths) {
        assertEquals(200, s.http.get(path).status(), path);
      }
      assertEquals(401, s.http.get("/v2/models/cnn").status(), "the key is really required");
      ManagedChannel ch =
          NettyChannelBuilder.forAddress("127.0.0.1", s.server.grpcPort()).usePlaintext().build();
      try {
        assertEquals(
            ServingStatus.SERVING,
            HealthGrpc.newBlockingStub(ch)
                .withDeadlineAfter(30, TimeUnit.SECONDS)
                .check(HealthCheckRequest.getDefaultInstance())
                .getStatus());
      } finally {
        ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }
}

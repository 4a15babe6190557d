package io.mcdrop.spark.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcdrop.spark.engine.ExecutorEngines;
import io.mcdrop.spark.job.BatchConfig;
import io.mcdrop.spark.job.BatchJob;
import io.mcdrop.spark.job.BatchListener;
import io.mcdrop.spark.job.BatchSummary;
import io.mcdrop.spark.job.McSettings;
import io.mcdrop.spark.job.TestImagesAccess;
import io.mcdrop.spark.session.Sessions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job on a real standalone cluster (a master and two workers in their own JVMs, executors in
 * theirs): every task runs in an executor JVM, both executors work, and the numbers are those of
 * local mode for the same job seed.
 */
@Tag("e2e")
class StandaloneClusterE2eTest {
  static final Path MODEL =
      Path.of(System.getProperty("mcdrop.home", "../.."), "models/fashion-cnn.onnx");

  @TempDir Path tmp;

  @Test
  @Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
  void scoresOnTwoWorkersWithTheNumbersOfLocalMode() throws Exception {
    Path in = tmp.resolve("in");
    List<Path> images = TestImagesAccess.write(in, 12, 5);
    List<Path> junk = TestImagesAccess.junk(in.resolve("junk"));
    McSettings mc = McSettings.samples(8).withSeed(77L);

    String localOut = tmp.resolve("local").toString();
    SparkSession local = Sessions.start("local[2]", "mcdrop-local", null);
    try {
      BatchJob.run(
          local,
          BatchConfig.images(in.toString(), MODEL.toString(), localOut, mc),
          BatchListener.none());
    } finally {
      local.stop();
      ExecutorEngines.closeAll();
    }

    String clusterOut = tmp.resolve("cluster").toString();
    Set<String> executors = ConcurrentHashMap.newKeySet();
    BatchSummary s;
    System.setProperty("spark.executor.memory", "640m");
    try (StandaloneCluster cluster =
        StandaloneCluster.start(tmp.resolve("cluster-run"), 2, Duration.ofMinutes(3))) {
      SparkSession spark =
          Sessions.start(cluster.url(), "mcdrop-e2e", System.getProperty("java.class.path"));
      try {
        spark
            .sparkContext()
            .addSparkListener(
                new SparkListener() {
                  @Override
                  public void onTaskEnd(SparkListenerTaskEnd e) {
                    if (e.taskInfo().successful()) {
                      executors.add(e.taskInfo().executorId());
                    }
                  }
                });
        s =
            BatchJob.run(
                spark,
                BatchConfig.images(in.toString(), MODEL.toString(), clusterOut, mc)
                    .withPartitions(4),
                BatchListener.none());
        Map<String, Row> clusterRows = rows(spark, clusterOut);
        Map<String, Row> localRows = rows(spark, localOut);
        assertEquals(localRows.keySet(), clusterRows.keySet());
        for (String p : localRows.keySet()) {
          assertEquals(localRows.get(p), clusterRows.get(p), "same numbers as local mode: " + p);
        }
      } finally {
        spark.stop();
        System.clearProperty("spark.executor.memory");
      }
    }
    assertEquals(images.size() + junk.size(), s.inputs());
    assertEquals(junk.size(), s.failed());
    assertEquals(4, s.partitions());
    assertTrue(executors.size() == 2 && !executors.contains("driver"), "executors " + executors);
  }

  private static Map<String, Row> rows(SparkSession spark, String out) {
    Map<String, Row> m = new HashMap<>();
    for (Row r : spark.read().parquet(out + "/" + BatchJob.PARQUET).collectAsList()) {
      m.put(r.getString(0), r);
    }
    return m;
  }
}

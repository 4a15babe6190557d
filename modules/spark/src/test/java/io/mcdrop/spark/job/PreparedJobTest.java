package io.mcdrop.spark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.spark.engine.ExecutorEngines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The part of a job that runs before its Spark session exists (while it starts): no session here,
 * only a Hadoop configuration.
 */
class PreparedJobTest {
  @TempDir Path tmp;

  @AfterAll
  static void close() {
    ExecutorEngines.closeAll();
  }

  private BatchConfig config(Path in, String out) {
    return BatchConfig.images(
        in.toString(), BatchJobTest.MODEL.toString(), tmp.resolve(out).toString(), mc());
  }

  private static McSettings mc() {
    return McSettings.samples(3);
  }

  @Test
  void listsTheImagesSortedAndLoadsTheModelWithoutASession() throws Exception {
    TestImages.write(tmp.resolve("in"), 5, 3);
    PreparedJob p = BatchJob.prepare(config(tmp.resolve("in"), "out"), new Configuration());
    assertEquals(5, p.files().size());
    List<String> sorted = new ArrayList<>(p.files());
    java.util.Collections.sort(sorted);
    assertEquals(sorted, p.files());
    assertTrue(p.files().get(0).startsWith("file:"), p.files().get(0));
    assertEquals(Files.size(BatchJobTest.MODEL), p.model().length);
    assertEquals("fashion-cnn.onnx", p.name());
    assertTrue(p.key().endsWith("|" + io.mcdrop.spark.engine.EngineSpec.cpu(1)), p.key());
  }

  @Test
  void tableInputIsListedBySparkNotHere() throws Exception {
    Files.createDirectories(tmp.resolve("table.parquet"));
    PreparedJob p =
        BatchJob.prepare(
            config(tmp.resolve("table.parquet"), "out").withTable("pixels", null),
            new Configuration());
    assertNull(p.files());
  }

  @Test
  void mistakesAreReportedBeforeAnySession() throws Exception {
    Files.createDirectories(tmp.resolve("empty"));
    McdropException none =
        assertThrows(
            McdropException.class,
            () -> BatchJob.prepare(config(tmp.resolve("empty"), "o1"), new Configuration()));
    assertEquals(ErrorCode.NOT_FOUND, none.code());
    assertTrue(none.getMessage().contains("no images"), none.getMessage());

    TestImages.write(tmp.resolve("in"), 1, 4);
    Files.createDirectories(tmp.resolve("done").resolve(BatchJob.PARQUET));
    McdropException exists =
        assertThrows(
            McdropException.class,
            () -> BatchJob.prepare(config(tmp.resolve("in"), "done"), new Configuration()));
    assertEquals(ErrorCode.BAD_OPTION, exists.code());
  }

  @Test
  void theHadoopConfigurationCarriesSparksHadoopSettings() {
    SparkConf spark =
        new SparkConf(false)
            .set("spark.hadoop.fs.s3a.endpoint", "http://127.0.0.1:9000")
            .set("spark.app.name", "x");
    Configuration c = HadoopConf.of(spark);
    assertEquals("http://127.0.0.1:9000", c.get("fs.s3a.endpoint"));
    assertNull(c.get("spark.app.name"));
    assertNull(c.get("app.name"));
  }
}

package io.mcdrop.spark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.runtime.mc.EngineConfig;
import io.mcdrop.runtime.mc.McEngine;
import io.mcdrop.runtime.mc.McOptions;
import io.mcdrop.runtime.preprocess.ImageLoader;
import io.mcdrop.runtime.stats.Prediction;
import io.mcdrop.spark.engine.ExecutorEngines;
import io.mcdrop.spark.session.Sessions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batch job in local[2] on the shipped model: same numbers as the engine, error rows. */
class BatchJobTest {
  static final Path MODEL =
      Path.of(System.getProperty("mcdrop.home", "../.."), "models/fashion-cnn.onnx");
  static final int IMAGES = 240;
  static final int SEEDED_IMAGES = 16;
  static final String SEEDED = "seeded";

  @TempDir static Path tmp;
  static SparkSession spark;
  static List<Path> images;
  static List<Path> junk;

  @BeforeAll
  static void start() throws Exception {
    images = TestImages.write(tmp.resolve("in"), IMAGES, 11);
    junk = TestImages.junk(tmp.resolve("in/junk"));
    TestImages.write(tmp.resolve(SEEDED), SEEDED_IMAGES, 12);
    spark = Sessions.start("local[2]", "mcdrop-test", null);
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
    ExecutorEngines.closeAll();
  }

  static BatchConfig config(String out, McSettings mc) {
    return config("in", out, mc);
  }

  static BatchConfig config(String dir, String out, McSettings mc) {
    return BatchConfig.images(tmp.resolve(dir).toString(), MODEL.toString(), out, mc);
  }

  static Map<String, Row> byPath(String out) {
    Map<String, Row> m = new HashMap<>();
    for (Row r : spark.read().parquet(out + "/" + BatchJob.PARQUET).collectAsList()) {
      m.put(r.getString(r.fieldIndex("path")), r);
    }
    return m;
  }

  @Test
  void seededResultsEqualTheEngineCalledDirectlyAndDoNotDependOnPartitioning() throws Exception {
    McSettings mc = McSettings.samples(12).withSeed(2024L);
    String outA = tmp.resolve("seeded-a").toString();
    int loadsBefore = ExecutorEngines.loads();
    // seeded runs cost a session per image (for now): a smaller folder
    BatchSummary a =
        BatchJob.run(spark, config(SEEDED, outA, mc).withPartitions(5), BatchListener.none());
    int loadsAfter = ExecutorEngines.loads();
    assertTrue(loadsAfter - loadsBefore <= 1, "one engine per executor JVM (and the driver is it)");
    assertEquals(SEEDED_IMAGES, a.inputs());
    assertEquals(SEEDED_IMAGES, a.scored());
    assertEquals(5, a.partitions());

    String outB = tmp.resolve("seeded-b").toString();
    BatchJob.run(
        spark, config(SEEDED, outB, mc).withPartitions(1).withChunk(7), BatchListener.none());
    Map<String, Row> rowsA = byPath(outA);
    Map<String, Row> rowsB = byPath(outB);
    assertEquals(rowsA.keySet(), rowsB.keySet());
    for (String p : rowsA.keySet()) {
      assertEquals(rowsA.get(p), rowsB.get(p), "same row whatever the partitioning: " + p);
    }

    try (McEngine engine = McEngine.load(MODEL, EngineConfig.defaults().withThreads(1))) {
      McOptions options = mc.toOptions();
      int checked = 0;
      for (Row r : rowsA.values()) {
        if (!r.isNullAt(r.fieldIndex("error"))) {
          continue;
        }
        String path = r.getString(r.fieldIndex("path"));
        long seed = ImageSeeds.derive(2024L, path);
        assertEquals(seed, r.getLong(r.fieldIndex("seed")));
        float[] t =
            ImageLoader.load(Path.of(java.net.URI.create(path)), engine.info().preprocessing());
        Prediction p =
            engine.predict(t, options.withSeed(seed).withVerdictPolicy(engine.verdictPolicy()));
        assertEquals(p.label(), r.getString(r.fieldIndex("label")), path);
        assertEquals(p.index(), r.getInt(r.fieldIndex("index")));
        assertEquals(p.confidence(), r.getDouble(r.fieldIndex("confidence")));
        assertEquals(toList(p.probabilities()), r.getList(r.fieldIndex("probabilities")));
        assertEquals(toList(p.std()), r.getList(r.fieldIndex("std")));
        assertEquals(toList(p.lower()), r.getList(r.fieldIndex("lower")));
        assertEquals(toList(p.upper()), r.getList(r.fieldIndex("upper")));
        assertEquals(p.entropy(), r.getDouble(r.fieldIndex("entropy")));
        assertEquals(p.expectedEntropy(), r.getDouble(r.fieldIndex("expectedEntropy")));
        assertEquals(p.mutualInformation(), r.getDouble(r.fieldIndex("mutualInformation")));
        assertEquals(p.variationRatio(), r.getDouble(r.fieldIndex("variationRatio")));
        assertEquals(p.samples(), r.getInt(r.fieldIndex("samples")));
        assertEquals(p.verdict().word(), r.getString(r.fieldIndex("verdict")));
        assertTrue(r.getBoolean(r.fieldIndex("sampled")));
        List<Row> top = r.getList(r.fieldIndex("topK"));
        assertEquals(p.topK().size(), top.size());
        assertEquals(p.topK().get(0).label(), top.get(0).getString(1));
        checked++;
      }
      assertEquals(SEEDED_IMAGES, checked);
    }
  }

  @Test
  void junkFilesBecomeErrorRowsAndTheSummaryCountsThem() throws Exception {
    String out = tmp.resolve("unseeded").toString();
    BatchSummary s =
        BatchJob.run(
            spark, config(out, McSettings.samples(5)).withJson(true), BatchListener.none());
    assertEquals(junk.size(), s.failed());
    assertEquals(junk.size(), s.errors().size());
    assertEquals(IMAGES, s.labels().values().stream().mapToLong(Long::longValue).sum());
    Map<String, Row> rows = byPath(out);
    for (Path j : junk) {
      String name = "/junk/" + j.getFileName();
      Row r =
          rows.values().stream()
              .filter(x -> x.getString(x.fieldIndex("path")).endsWith(name))
              .findFirst()
              .orElse(null);
      assertNotNull(r, "a row for " + j);
      assertNotNull(r.getString(r.fieldIndex("error")));
      assertTrue(r.isNullAt(r.fieldIndex("label")));
    }
    assertFalse(rows.keySet().stream().anyMatch(k -> k.endsWith(".txt")), "non-images not listed");
    Row ok =
        rows.values().stream().filter(r -> r.isNullAt(r.fieldIndex("error"))).findFirst().get();
    assertNull(ok.get(ok.fieldIndex("seed")), "unseeded");
    assertEquals(5, ok.getInt(ok.fieldIndex("samples")));
    assertTrue(Files.exists(Path.of(out, BatchJob.SUMMARY)));
    assertEquals(
        IMAGES + junk.size(), spark.read().json(out + "/" + BatchJob.JSON).count(), "JSON lines");
    McdropException again =
        assertThrows(
            McdropException.class,
            () -> BatchJob.run(spark, config(out, McSettings.samples(5)), BatchListener.none()));
    assertEquals(ErrorCode.BAD_OPTION, again.code());
  }

  @Test
  void repeatedWordsAreDictionaryEncodedAndNumbersAreNot() throws Exception {
    String out = tmp.resolve("encodings").toString();
    BatchJob.run(
        spark, config(SEEDED, out, McSettings.samples(3)).withPartitions(1), BatchListener.none());
    Map<String, Boolean> dictionary = new HashMap<>();
    try (Stream<Path> parts = Files.list(Path.of(out, BatchJob.PARQUET))) {
      Path part = parts.filter(f -> f.toString().endsWith(".parquet")).findFirst().orElseThrow();
      try (ParquetFileReader r =
          ParquetFileReader.open(
              HadoopInputFile.fromPath(
                  new org.apache.hadoop.fs.Path(part.toUri()), new Configuration()))) {
        for (ColumnChunkMetaData c : r.getFooter().getBlocks().get(0).getColumns()) {
          dictionary.put(
              c.getPath().toDotString(),
              c.getEncodings().stream().anyMatch(Encoding::usesDictionary));
        }
      }
    }
    assertEquals(true, dictionary.get("label"), dictionary.toString());
    assertEquals(true, dictionary.get("verdict"));
    assertEquals(true, dictionary.get("topK.list.element.label"));
    assertEquals(false, dictionary.get("probabilities.list.element"));
    assertEquals(false, dictionary.get("confidence"));
    assertEquals(false, dictionary.get("path"));
  }

  @Test
  void tensorColumnWithWrongSizeRowsAndIds() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      float[] t = new float[i == 13 ? 100 : 784];
      for (int j = 0; j < t.length; j++) {
        t[j] = ((i * 31 + j * 7) % 97) / 97f;
      }
      List<Float> l = new ArrayList<>();
      for (float f : t) {
        l.add(f);
      }
      rows.add(RowFactory.create("id-" + i, l));
    }
    StructType schema =
        new StructType()
            .add("id", DataTypes.StringType)
            .add("pixels", DataTypes.createArrayType(DataTypes.FloatType));
    String table = tmp.resolve("table.parquet").toString();
    spark.createDataFrame(rows, schema).write().parquet(table);
    String out = tmp.resolve("from-table").toString();
    BatchConfig cfg =
        BatchConfig.images(table, MODEL.toString(), out, McSettings.samples(4).withSeed(5L))
            .withTable("pixels", "id")
            .withPartitions(3);
    BatchSummary s = BatchJob.run(spark, cfg, BatchListener.none());
    assertEquals(20, s.inputs());
    assertEquals(1, s.failed());
    Row bad = byPath(out).get("id-13");
    assertTrue(bad.getString(bad.fieldIndex("error")).contains("100 floats"), bad.toString());
    Row good = byPath(out).get("id-3");
    assertEquals(ImageSeeds.derive(5L, "id-3"), good.getLong(good.fieldIndex("seed")));

    // without an id column, rows are named by their position in the table
    String byPosition = tmp.resolve("from-table-by-position").toString();
    BatchSummary p =
        BatchJob.run(
            spark, cfg.withTable("pixels", null).withOut(byPosition), BatchListener.none());
    assertEquals(20, p.inputs());
    assertEquals(1, p.failed());
    assertEquals(20, byPath(byPosition).size());
  }

  @Test
  void missingInputAndModelAreClearErrors() {
    McdropException noDir =
        assertThrows(
            McdropException.class,
            () ->
                BatchJob.run(
                    spark,
                    BatchConfig.images(
                        tmp.resolve("nowhere").toString(),
                        MODEL.toString(),
                        tmp.resolve("o1").toString(),
                        McSettings.samples(3)),
                    BatchListener.none()));
    assertEquals(ErrorCode.NOT_FOUND, noDir.code());
    McdropException noModel =
        assertThrows(
            McdropException.class,
            () ->
                BatchJob.run(
                    spark,
                    BatchConfig.images(
                        tmp.resolve("in").toString(),
                        tmp.resolve("none.onnx").toString(),
                        tmp.resolve("o2").toString(),
                        McSettings.samples(3)),
                    BatchListener.none()));
    assertEquals(ErrorCode.NOT_FOUND, noModel.code());
  }

  private static List<Double> toList(double[] a) {
    List<Double> l = new ArrayList<>();
    for (double d : a) {
      l.add(d);
    }
    return l;
  }
}

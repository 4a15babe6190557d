package io.mcdrop.spark.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.runtime.mc.McEngine;
import io.mcdrop.spark.engine.ExecutorEngines;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SerializableWritable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.util.LongAccumulator;

/**
 * MC-dropout scoring of many images as one Spark job: list the inputs, score every partition on its
 * executor's engine (loaded once per executor JVM from broadcast model bytes), write Parquet (and
 * JSON lines if asked) and a summary. Works the same in local mode and on a cluster.
 */
public final class BatchJob {
  /** The folder names inside {@code out}. */
  public static final String PARQUET = "predictions.parquet";

  public static final String JSON = "predictions.json";
  public static final String SUMMARY = "summary.json";

  private static final int MAX_PER_PARTITION = 2_000;

  private BatchJob() {}

  /** Runs the job on {@code spark} and returns (and writes) its summary. */
  public static BatchSummary run(SparkSession spark, BatchConfig cfg, BatchListener listener) {
    return run(spark, cfg, prepare(cfg, spark.sparkContext().hadoopConfiguration()), listener);
  }

  /**
   * The part of a job that needs no Spark session, in the order a user's mistakes are reported:
   * read the model and load it into this JVM's engine (in local mode the tasks' engine too), check
   * it fits the job, refuse an existing output, list the image files.
   *
   * @param hadoop the driver's file system configuration (see {@link HadoopConf})
   */
  public static PreparedJob prepare(BatchConfig cfg, Configuration hadoop) {
    byte[] bytes = readModel(cfg.model(), hadoop);
    String name = new Path(cfg.model()).getName();
    String key = digest(bytes) + "|" + cfg.engine();
    McEngine driverEngine = ExecutorEngines.get(key, name, () -> bytes, cfg.engine());
    check(driverEngine, cfg);
    refuseExisting(new Path(new Path(cfg.out()), PARQUET), cfg, hadoop);
    List<String> files = null;
    if (cfg.column() == null) {
      files = ImageListing.list(cfg.input(), hadoop);
      if (files.isEmpty()) {
        throw new McdropException(
            ErrorCode.NOT_FOUND, cfg.input() + ": no images (.png, .jpg, .jpeg, .bmp, .gif)");
      }
    }
    return new PreparedJob(bytes, name, key, files);
  }

  /** Runs a job {@link #prepare prepared} for {@code cfg} on {@code spark}. */
  public static BatchSummary run(
      SparkSession spark, BatchConfig cfg, PreparedJob prepared, BatchListener listener) {
    // image files are counted when listed: counting the rows would read every file once more
    JavaRDD<Row> input =
        prepared.files() != null
            ? images(spark, cfg, prepared.files())
            : table(spark, cfg).javaRDD();
    int partitions = input.getNumPartitions();
    long rows = prepared.files() != null ? prepared.files().size() : input.count();
    listener.planned(rows, partitions);
    return score(
        spark, cfg, listener, input, partitions, prepared.key(), prepared.name(), prepared.model());
  }

  private static BatchSummary score(
      SparkSession spark,
      BatchConfig cfg,
      BatchListener listener,
      JavaRDD<Row> input,
      int partitions,
      String key,
      String name,
      byte[] bytes) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    Path outDir = new Path(cfg.out());
    Path parquet = new Path(outDir, PARQUET);
    LongAccumulator done = spark.sparkContext().longAccumulator("mcdrop rows");
    LongAccumulator failed = spark.sparkContext().longAccumulator("mcdrop error rows");
    Tally tally = new Tally();
    spark.sparkContext().register(tally, "mcdrop summary");
    Broadcast<byte[]> model =
        JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(bytes);
    PartitionScorer scorer =
        new PartitionScorer(
            new ModelHandle(key, name, model, cfg.engine()),
            cfg.mc(),
            cfg.chunk(),
            done,
            failed,
            tally);
    SaveMode mode = cfg.overwrite() ? SaveMode.Overwrite : SaveMode.ErrorIfExists;
    long start = System.nanoTime();
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(BatchJob::daemon);
    ticker.scheduleAtFixedRate(
        () -> listener.progress(done.value(), failed.value()), 250, 250, TimeUnit.MILLISECONDS);
    try {
      spark
          .createDataFrame(input.mapPartitions(scorer), ScoreSchema.OUTPUT)
          .write()
          .mode(mode)
          .options(ParquetColumns.OPTIONS)
          .parquet(parquet.toString());
    } finally {
      ticker.shutdownNow();
    }
    listener.progress(done.value(), failed.value());
    if (cfg.json()) {
      spark
          .read()
          .parquet(parquet.toString())
          .write()
          .mode(mode)
          .json(new Path(outDir, JSON).toString());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    model.destroy();
    Tally.Counts counts = tally.value();
    BatchSummary summary =
        new BatchSummary(
            counts.rows(),
            counts.rows() - counts.failed(),
            counts.failed(),
            partitions,
            counts.labels(),
            counts.verdicts(),
            counts.errors(),
            seconds,
            cfg.out());
    writeSummary(summary, new Path(outDir, SUMMARY), hadoop);
    return summary;
  }

  private static void check(McEngine e, BatchConfig cfg) {
    if (cfg.column() == null && e.info().preprocessing() == null) {
      throw new McdropException(
          ErrorCode.BAD_OPTION,
          "model '"
              + e.info().name()
              + "' has no mcdrop.preprocess metadata and its input shape does not say how to"
              + " read an image: give the image size and channels");
    }
    if (cfg.mc().samples() > 1 && !e.info().mcCapable()) {
      // the engine's own NO_DROPOUT error, before any task starts
      e.predict(new float[e.info().inputSize()], cfg.mc().toOptions());
    }
  }

  /**
   * Image files under a directory (recursively), a file or a glob, as rows of {@link
   * ScoreSchema#INPUT}. The driver lists the files; the tasks read them, so bytes never pass
   * through the driver, the partitioning is exact and an unreadable or empty file still gets its
   * row.
   */
  static JavaRDD<Row> images(SparkSession spark, BatchConfig cfg, List<String> files) {
    int slices = cfg.partitions() > 0 ? cfg.partitions() : auto(spark, files.size());
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<SerializableWritable<Configuration>> hadoop =
        jsc.broadcast(new SerializableWritable<>(spark.sparkContext().hadoopConfiguration()));
    return jsc.parallelize(files, Math.min(slices, files.size()))
        .map(path -> FileBytes.read(path, hadoop.value().value()));
  }

  /**
   * A Parquet table's image or tensor column as rows of {@link ScoreSchema#INPUT}, keyed by an id
   * column or the row position.
   */
  static Dataset<Row> table(SparkSession spark, BatchConfig cfg) {
    Dataset<Row> t;
    try {
      t = spark.read().parquet(cfg.input());
    } catch (Exception e) {
      throw new McdropException(
          ErrorCode.NOT_FOUND, cfg.input() + ": cannot read Parquet (" + firstLine(e) + ")", e);
    }
    DataType type = field(t, cfg.column()).dataType();
    Column content;
    Column tensor;
    DataType floats = DataTypes.createArrayType(DataTypes.FloatType);
    if (type.equals(DataTypes.BinaryType)) {
      content = col(cfg.column());
      tensor = lit(null).cast(floats);
    } else if (type instanceof ArrayType a
        && (a.elementType().equals(DataTypes.FloatType)
            || a.elementType().equals(DataTypes.DoubleType))) {
      content = lit(null).cast(DataTypes.BinaryType);
      tensor = col(cfg.column()).cast(floats);
    } else {
      throw new McdropException(
          ErrorCode.BAD_OPTION,
          "column '"
              + cfg.column()
              + "' is "
              + type.simpleString()
              + "; expected binary (encoded images) or array<float|double> (tensors)");
    }
    Dataset<Row> in;
    if (cfg.idColumn() != null) {
      field(t, cfg.idColumn());
      in =
          t.select(
              col(cfg.idColumn()).cast(DataTypes.StringType).as("path"),
              content.as("content"),
              tensor.as("tensor"),
              lit(null).cast(DataTypes.StringType).as("error"));
      in = in.na().fill("(null id)", new String[] {"path"});
    } else {
      String source = cfg.input();
      JavaRDD<Row> keyed =
          t.select(content.as("content"), tensor.as("tensor"))
              .javaRDD()
              .zipWithIndex()
              .map(
                  p ->
                      RowFactory.create(source + "#" + p._2(), p._1().get(0), p._1().get(1), null));
      in = spark.createDataFrame(keyed, ScoreSchema.INPUT);
    }
    if (cfg.partitions() > 0) {
      in = in.repartition(cfg.partitions());
    }
    return in;
  }

  private static StructField field(Dataset<Row> t, String name) {
    for (StructField f : t.schema().fields()) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    throw new McdropException(
        ErrorCode.BAD_OPTION,
        "no column '" + name + "'; the table has " + String.join(", ", t.columns()));
  }

  private static int auto(SparkSession spark, long count) {
    int cores = spark.sparkContext().defaultParallelism();
    return (int) Math.max(2L * cores, (count + MAX_PER_PARTITION - 1) / MAX_PER_PARTITION);
  }

  private static void writeSummary(BatchSummary s, Path file, Configuration hadoop) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("inputs", s.inputs());
    m.put("scored", s.scored());
    m.put("failed", s.failed());
    m.put("partitions", s.partitions());
    m.put("seconds", s.seconds());
    m.put("imagesPerSecond", s.imagesPerSecond());
    m.put("labels", s.labels());
    m.put("verdicts", s.verdicts());
    m.put("errors", s.errors());
    try (OutputStream o = file.getFileSystem(hadoop).create(file, true)) {
      o.write(
          new ObjectMapper()
              .enable(SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(m)
              .getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new McdropException(
          ErrorCode.INTERNAL, "cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  static byte[] readModel(String model, Configuration hadoop) {
    Path p = new Path(model);
    try {
      FileSystem fs = p.getFileSystem(hadoop);
      try (InputStream in = fs.open(p)) {
        return in.readAllBytes();
      }
    } catch (FileNotFoundException e) {
      throw new McdropException(ErrorCode.NOT_FOUND, "model not found: " + model);
    } catch (IOException e) {
      throw new McdropException(
          ErrorCode.NOT_FOUND, "cannot read model " + model + ": " + e.getMessage(), e);
    }
  }

  private static void refuseExisting(Path parquet, BatchConfig cfg, Configuration hadoop) {
    if (cfg.overwrite()) {
      return;
    }
    try {
      if (parquet.getFileSystem(hadoop).exists(parquet)) {
        throw new McdropException(
            ErrorCode.BAD_OPTION,
            parquet + " already exists: choose another output folder or overwrite it");
      }
    } catch (IOException e) {
      throw new McdropException(
          ErrorCode.NOT_FOUND, "cannot check " + parquet + ": " + e.getMessage(), e);
    }
  }

  private static String digest(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String firstLine(Exception e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "mcdrop-batch-progress");
    t.setDaemon(true);
    return t;
  }
}

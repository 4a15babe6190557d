package io.mcdrop.spark.session;

import io.mcdrop.spark.engine.EngineCalls;
import io.mcdrop.spark.engine.ExecutorEngines;
import io.mcdrop.spark.job.BatchConfig;
import io.mcdrop.spark.job.BatchJob;
import io.mcdrop.spark.job.BatchListener;
import io.mcdrop.spark.job.BatchSummary;
import io.mcdrop.spark.job.HadoopConf;
import io.mcdrop.spark.job.PreparedJob;
import java.util.concurrent.FutureTask;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * A whole batch run for a front end that has no Spark types of its own (the CLI): start a session
 * on the master, run the job, stop. No Spark type appears in this class's signatures, so the CLI
 * compiles without Spark and only needs it on the class path when {@code mcdrop batch} runs.
 */
public final class SparkBatch {
  private static final String LOG_CONFIG = "log4j2.configurationFile";

  private SparkBatch() {}

  /**
   * Spark logs warnings and errors only from here on (call before Spark's first log line: its
   * default is INFO).
   */
  public static void quietLogs() {
    if (System.getProperty(LOG_CONFIG) == null) {
      System.setProperty(LOG_CONFIG, "classpath:io/mcdrop/spark/session/log4j2-quiet.properties");
    }
  }

  /** Whether this JVM can run Spark: its classes are present and the Java 17 flags were given. */
  public static String problem() {
    if (!SparkJvm.sparkPresent()) {
      return "Spark is not on the class path: run `mcdrop batch` through the mcdrop launcher"
          + " (it adds Spark), or submit the job jar with spark-submit";
    }
    if (!SparkJvm.opensGiven()) {
      return "this JVM lacks the flags Spark needs on Java 17: start it with "
          + SparkJvm.opensLine();
    }
    return null;
  }

  /**
   * Runs the job on {@code master} ({@code local[N]}, {@code spark://HOST:PORT}, ...).
   *
   * @param extraClassPath for cluster masters: more class path entries for the executors (tests),
   *     or null
   */
  public static BatchSummary run(
      String master, BatchConfig cfg, BatchListener listener, String extraClassPath) {
    quietLogs();
    SparkConf conf = Sessions.conf(master, "mcdrop batch", extraClassPath);
    // The model's load and the listing need no session: they run while it starts (seconds).
    FutureTask<PreparedJob> prepared =
        new FutureTask<>(() -> BatchJob.prepare(cfg, HadoopConf.of(conf)));
    Thread preparing = new Thread(prepared, "mcdrop-batch-prepare");
    preparing.setDaemon(true);
    preparing.start();
    SparkSession spark = Sessions.start(conf);
    try {
      spark.sparkContext().setLogLevel("WARN");
      return BatchJob.run(spark, cfg, EngineCalls.await(prepared, "preparing the job"), listener);
    } finally {
      spark.stop();
      ExecutorEngines.closeAll();
    }
  }
}

package io.mcdrop.spark.tasks;

import io.mcdrop.spark.session.Sessions;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Runs named units of work as Spark tasks, one partition (task) per unit, and returns what each
 * reported. The units must be independent and idempotent (a task may be retried): the study's units
 * are, since each one's result file marks it done and it resumes from its checkpoint.
 */
public final class SparkTasks {
  private SparkTasks() {}

  /** One unit of work, shipped to an executor: runs the unit called {@code key}. */
  @FunctionalInterface
  public interface UnitTask extends Serializable {
    /** Runs the unit and returns a one-line report for the driver. */
    String run(String key) throws Exception;
  }

  /**
   * Runs every unit on {@code master}: {@code local[N]} runs N at a time in this JVM, a cluster
   * master as many as its executors have cores. Blocks until all are done; the first failing unit
   * (after Spark's retries) fails the call.
   */
  public static List<String> run(String master, String appName, List<String> keys, UnitTask task) {
    if (keys.isEmpty()) {
      return List.of();
    }
    SparkSession spark = Sessions.start(master, appName, null);
    try {
      spark.sparkContext().setLogLevel("WARN");
      return JavaSparkContext.fromSparkContext(spark.sparkContext())
          .parallelize(keys, keys.size())
          .map(task::run)
          .collect();
    } finally {
      spark.stop();
    }
  }
}

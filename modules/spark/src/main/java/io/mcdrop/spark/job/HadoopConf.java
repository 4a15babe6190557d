package io.mcdrop.spark.job;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import scala.Tuple2;

/**
 * The Hadoop configuration a session on a {@link SparkConf} will have, made without the session:
 * Hadoop's defaults plus every {@code spark.hadoop.*} setting (what Spark adds for the driver's
 * file system calls). Enough to read the model and list the inputs while the session starts.
 */
public final class HadoopConf {
  private static final String PREFIX = "spark.hadoop.";

  private HadoopConf() {}

  /** Hadoop's configuration for {@code spark}'s {@code spark.hadoop.*} settings. */
  public static Configuration of(SparkConf spark) {
    Configuration c = new Configuration();
    for (Tuple2<String, String> kv : spark.getAll()) {
      if (kv._1().startsWith(PREFIX)) {
        c.set(kv._1().substring(PREFIX.length()), kv._2());
      }
    }
    return c;
  }
}

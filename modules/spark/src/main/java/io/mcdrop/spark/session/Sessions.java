package io.mcdrop.spark.session;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Spark sessions for batch scoring: {@code local[N]} in this JVM, or a cluster master whose
 * executors get mcdrop's jar and the Java 17 flags.
 */
public final class Sessions {
  private Sessions() {}

  /**
   * A session on {@code master}. For a cluster master ({@code spark://}, {@code local-cluster}) the
   * executors get the jar (or classes folder) holding mcdrop, {@code extraClassPath} if not null,
   * and the Java 17 flags.
   */
  public static SparkSession start(String master, String appName, String extraClassPath) {
    SparkConf conf =
        new SparkConf()
            .setMaster(master)
            .setAppName(appName)
            .set("spark.ui.enabled", "false")
            .set("spark.ui.showConsoleProgress", "false")
            .set("spark.sql.shuffle.partitions", "8")
            .set("spark.driver.extraJavaOptions", SparkJvm.opensLine())
            .set("spark.executor.extraJavaOptions", SparkJvm.opensLine());
    if (!master.startsWith("local[") && !master.equals("local")) {
      String own = ownLocation();
      String cp = extraClassPath == null ? own : own + java.io.File.pathSeparator + extraClassPath;
      conf.set("spark.executor.extraClassPath", cp);
    }
    if (master.startsWith("local")) {
      conf.set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
    }
    return SparkSession.builder().config(conf).getOrCreate();
  }

  /** The jar or classes folder this class was loaded from. */
  public static String ownLocation() {
    try {
      return Path.of(Sessions.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}

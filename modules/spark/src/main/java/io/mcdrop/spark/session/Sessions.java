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
    return start(conf(master, appName, extraClassPath));
  }

  /** A session on {@code conf} (from {@link #conf}). */
  public static SparkSession start(SparkConf conf) {
    return SparkSession.builder().config(conf).getOrCreate();
  }

  /** The configuration {@link #start(String, String, String)} starts a session with. */
  public static SparkConf conf(String master, String appName, String extraClassPath) {
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
      // Executors need mcdrop: ship our jar, or (tests, classes folders) name the folders, which
      // then must exist on the workers (the same machine).
      String own = ownLocation();
      if (own.endsWith(".jar")) {
        conf.set("spark.jars", own);
        if (extraClassPath != null) {
          conf.set("spark.executor.extraClassPath", extraClassPath);
        }
      } else {
        conf.set(
            "spark.executor.extraClassPath",
            extraClassPath == null ? own : own + java.io.File.pathSeparator + extraClassPath);
      }
    }
    if (master.startsWith("local")
        || master.startsWith("spark://127.0.0.1:")
        || master.startsWith("spark://localhost:")) {
      // everything on this machine: stay on loopback
      conf.set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
    }
    return conf;
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

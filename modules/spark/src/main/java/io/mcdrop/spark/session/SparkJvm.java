package io.mcdrop.spark.session;

import java.util.List;

/** The JVM options every Spark JVM needs on Java 17 (driver, executors, master, workers). */
public final class SparkJvm {
  private SparkJvm() {}

  /** The {@code --add-opens} flags Spark documents for Java 17 (its own launcher adds the same). */
  public static final List<String> OPENS =
      List.of(
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
          "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
          "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
          "-Djdk.reflect.useDirectMethodHandle=false");

  /** {@link #OPENS} as one option string. */
  public static String opensLine() {
    return String.join(" ", OPENS);
  }

  /** Whether Spark's classes are on this JVM's class path. */
  public static boolean sparkPresent() {
    try {
      Class.forName("org.apache.spark.sql.SparkSession", false, SparkJvm.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** Whether this JVM was started with the flags (Spark fails late and obscurely without them). */
  public static boolean opensGiven() {
    return Object.class.getModule().isOpen("java.lang", SparkJvm.class.getModule());
  }
}

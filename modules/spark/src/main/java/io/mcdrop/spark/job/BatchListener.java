package io.mcdrop.spark.job;

/** Events of a running batch job (the library never prints; the CLI shows these). */
public interface BatchListener {
  /** The inputs were listed: {@code inputs} rows in {@code partitions} tasks. */
  default void planned(long inputs, int partitions) {}

  /** Rows finished so far (updated as tasks finish), and how many of them are error rows. */
  default void progress(long done, long failed) {}

  /** A listener that ignores everything. */
  static BatchListener none() {
    return new BatchListener() {};
  }
}

package io.mcdrop.spark.job;

import java.util.List;

/**
 * What a job needs before it has a Spark session: the model's bytes (already loaded into this JVM's
 * engine, checked against the job) and, for image input, the listed files. {@link BatchJob#prepare}
 * makes one on a Hadoop configuration alone, so a front end can prepare while the session starts.
 *
 * @param model the model file's bytes (broadcast to the executors)
 * @param name the model's file name
 * @param key the engine key of bytes and spec
 * @param files the image files as sorted URIs; null for table input (listed by Spark)
 */
public record PreparedJob(byte[] model, String name, String key, List<String> files) {}

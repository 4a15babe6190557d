/**
 * The batch-scoring job: {@link io.mcdrop.spark.job.BatchJob} reads images (a directory or glob, or
 * a Parquet column of encoded images or float tensors), scores every partition in chunks on the
 * executor's engine and writes one row per input, errors included, with the fields of {@code mcdrop
 * classify --json}.
 */
package io.mcdrop.spark.job;

/** The {@code spark-submit} entry point of the job jar ({@code mcdrop-spark-*-job.jar}). */
package io.mcdrop.spark.submit;

/**
 * MC-dropout scoring as an Apache Spark job: {@code job} (what a batch run reads, computes and
 * writes), {@code engine} (one engine per executor JVM), {@code session} (Spark sessions and the
 * Java 17 flags Spark needs), {@code submit} (the spark-submit entry point).
 */
package io.mcdrop.spark;

/**
 * Spark sessions for mcdrop: the Java 17 flags every Spark JVM needs, sessions for {@code local[N]}
 * and cluster masters (executors get mcdrop's classes and the flags), and a Spark home made of the
 * dependency jars for clusters started without a Spark installation.
 */
package io.mcdrop.spark.session;

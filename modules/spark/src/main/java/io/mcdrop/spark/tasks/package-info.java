/**
 * Independent units of work (e.g. a study's (variant, seed) runs) as Spark tasks, one task per
 * unit, for front ends without Spark types of their own.
 */
package io.mcdrop.spark.tasks;

/**
 * One {@link io.mcdrop.runtime.mc.McEngine} per executor JVM, loaded once from the model bytes the
 * driver broadcast and shared by that executor's task threads; engine calls run on large-stack
 * threads.
 */
package io.mcdrop.spark.engine;

/**
 * {@code mcdrop batch}: many images scored by Spark (in-process local mode or a cluster), with a
 * progress bar and a summary table. Spark is on the class path only when the launcher starts this
 * command.
 */
package io.mcdrop.cli.batch;

/**
 * The batch backfill (DESIGN §8): a Flink job in BATCH execution mode that reads a source's batch
 * files, dead-letters bad records, drops duplicates, runs the {@link
 * dev.larder.pipelines.transform.EntityAggregator} per entity and replaces the time range in the
 * view's Delta table in one idempotent commit. {@link dev.larder.pipelines.batch.BackfillJob} is
 * the entry point; the operators here only adapt the pure classes to Flink.
 */
package dev.larder.pipelines.batch;

/**
 * The streaming job (DESIGN §8): Kafka → parse (bad records to a dead-letter topic) → dedup on the
 * id field → per entity, events applied in event-time order up to the watermark → Redis
 * (newest-wins) and Delta (exactly once, one commit per checkpoint). Late events go to a
 * late-events table that the next backfill folds in. The transformation is {@code
 * pipelines.transform}'s, the same the backfill runs.
 */
package dev.larder.pipelines.stream;

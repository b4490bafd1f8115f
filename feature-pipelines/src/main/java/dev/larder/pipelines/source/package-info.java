/**
 * Reading a source's batch files (JSON lines, CSV, Parquet, a Delta table's data files) into parsed
 * events and bad records, record by record, without an engine: the batch job runs these readers
 * inside its tasks.
 */
package dev.larder.pipelines.source;

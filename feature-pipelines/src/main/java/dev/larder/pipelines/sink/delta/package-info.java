/**
 * Landing feature rows in the offline store (Delta) from Flink: every parallel task stages files,
 * and one step commits them, at end of input (batch) or when a checkpoint completes (streaming).
 */
package dev.larder.pipelines.sink.delta;

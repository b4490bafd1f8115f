/**
 * Writing feature rows to the online store (Redis) newest-wins, in chunks with a bounded number in
 * flight, so that a slow store slows the writer down instead of filling its memory.
 */
package dev.larder.pipelines.sink.redis;

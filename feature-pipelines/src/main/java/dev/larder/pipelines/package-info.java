/**
 * Larder's pipelines: the batch backfill, materialization from the offline to the online store, and
 * (later) streaming and training sets, each a thin job over pure, separately tested logic.
 */
package dev.larder.pipelines;

/**
 * The transformation of DESIGN §2, free of any engine: parsing raw events against a source schema,
 * dedup on the id field, and the per-entity windowed aggregation that turns an entity's events (in
 * event-time order) into feature rows. The batch job and the streaming job both run these classes.
 */
package dev.larder.pipelines.transform;

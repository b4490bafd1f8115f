/**
 * Flink type information and serializers for the pipelines' records ({@code Event}, {@code
 * FeatureRow}) and state ({@code EntityAggregator}), so that neither network shuffles nor
 * checkpoints fall back to Kryo. Every serializer has a versioned snapshot.
 */
package dev.larder.pipelines.types;

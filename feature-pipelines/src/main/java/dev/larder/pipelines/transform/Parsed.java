package dev.larder.pipelines.transform;

/** What parsing one raw record gave: an {@link Event} or a {@link BadRecord}. */
public sealed interface Parsed permits Event, BadRecord {}

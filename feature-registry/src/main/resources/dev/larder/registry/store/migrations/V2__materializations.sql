-- Materialized intervals: which event-time intervals of which view version were copied from the
-- offline to the online store, by whom, when, with how many rows written. Times are
-- microseconds (start_micros, end_micros) and milliseconds (materialized_at) since the epoch.
CREATE TABLE larder_materializations (
  project TEXT NOT NULL,
  view_name TEXT NOT NULL,
  version INTEGER NOT NULL,
  start_micros BIGINT NOT NULL,
  end_micros BIGINT NOT NULL,
  rows_written BIGINT NOT NULL,
  materialized_by TEXT NOT NULL,
  materialized_at BIGINT NOT NULL
);

CREATE INDEX larder_materializations_by_view
  ON larder_materializations (project, view_name, version, end_micros);

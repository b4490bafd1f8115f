-- The registry's tables. ${BLOB} is the dialect's binary type.
CREATE TABLE larder_projects (
  name TEXT PRIMARY KEY,
  revision BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

-- Every revision of every project: the whole definitions as they were, so that any revision can
-- be read back and servers load the current one with one row.
CREATE TABLE larder_project_revisions (
  project TEXT NOT NULL,
  revision BIGINT NOT NULL,
  applied_by TEXT NOT NULL,
  applied_at BIGINT NOT NULL,
  content_hash TEXT NOT NULL,
  format INTEGER NOT NULL,
  definitions ${BLOB} NOT NULL,
  summary TEXT NOT NULL,
  PRIMARY KEY (project, revision)
);

-- Every change of every object, for history: who, when, content hash, diff.
CREATE TABLE larder_object_revisions (
  project TEXT NOT NULL,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  version INTEGER NOT NULL,
  revision INTEGER NOT NULL,
  project_revision BIGINT NOT NULL,
  change TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  diff TEXT NOT NULL,
  applied_by TEXT NOT NULL,
  applied_at BIGINT NOT NULL,
  PRIMARY KEY (project, kind, name, version, revision)
);

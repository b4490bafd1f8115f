package dev.larder.pipelines.batch;

import io.delta.storage.HDFSLogStore;
import java.io.IOException;
import java.util.Iterator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * A Delta log store that reads normally but can write no commit: a backfill using it writes its
 * data files and dies before committing them, as when it is killed at that point. Install with the
 * Hadoop setting {@code delta.logStore.file.impl}.
 */
public class CrashBeforeCommitLogStore extends HDFSLogStore {

  public CrashBeforeCommitLogStore(Configuration conf) {
    super(conf);
  }

  @Override
  public void write(Path path, Iterator<String> actions, Boolean overwrite, Configuration conf)
      throws IOException {
    throw new IOException("killed before commit: " + path.getName());
  }
}

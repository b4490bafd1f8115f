package dev.larder.storage.offline.delta;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * Where {@link DeltaOfflineStores#open} keeps tables and how it writes files.
 *
 * <p>Immutable and thread-safe; build one with {@link #builder()}. {@link Builder#build()} checks
 * every setting and names the bad one in its {@link IllegalArgumentException}.
 */
public final class DeltaOfflineStoreOptions {

  /** The size a data file aims at: big enough for scans, small enough to rewrite. */
  public static final long DEFAULT_TARGET_FILE_SIZE_BYTES = 128L * 1024 * 1024;

  /** A data file never holds more rows than this, whatever their size. */
  public static final long DEFAULT_MAX_ROWS_PER_FILE = 5_000_000;

  private final String root;
  private final long targetFileSizeBytes;
  private final long maxRowsPerFile;
  private final Map<String, String> hadoopProperties;
  private final Clock clock;

  private DeltaOfflineStoreOptions(Builder b) {
    this.root = b.root;
    this.targetFileSizeBytes = b.targetFileSizeBytes;
    this.maxRowsPerFile = b.maxRowsPerFile;
    this.hadoopProperties = Map.copyOf(b.hadoopProperties);
    this.clock = b.clock;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The offline root: a local directory or a Hadoop file system URI ({@code file:}, {@code s3a:},
   * {@code abfs:}); tables live at {@code {root}/{project}/{view}/v{N}/}.
   */
  public String root() {
    return root;
  }

  public long targetFileSizeBytes() {
    return targetFileSizeBytes;
  }

  public long maxRowsPerFile() {
    return maxRowsPerFile;
  }

  /** Hadoop settings for the file system (credentials, endpoints), on top of Hadoop's defaults. */
  public Map<String, String> hadoopProperties() {
    return hadoopProperties;
  }

  /** The time source for the last-updated time of transaction records. */
  public Clock clock() {
    return clock;
  }

  @Override
  public String toString() {
    return "DeltaOfflineStoreOptions[root="
        + root
        + ", targetFileSizeBytes="
        + targetFileSizeBytes
        + ", maxRowsPerFile="
        + maxRowsPerFile
        + ", hadoopProperties="
        + hadoopProperties.keySet()
        + "]";
  }

  /** Builds {@link DeltaOfflineStoreOptions}; only the root has no default. Not thread-safe. */
  public static final class Builder {
    private String root;
    private long targetFileSizeBytes = DEFAULT_TARGET_FILE_SIZE_BYTES;
    private long maxRowsPerFile = DEFAULT_MAX_ROWS_PER_FILE;
    private Map<String, String> hadoopProperties = Map.of();
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** A local directory or a Hadoop file system URI; required. */
    public Builder root(String root) {
      this.root = root;
      return this;
    }

    /** A local directory; required (or {@link #root(String)}). */
    public Builder root(java.nio.file.Path root) {
      this.root = root.toAbsolutePath().toUri().toString();
      return this;
    }

    /** Positive; default {@link #DEFAULT_TARGET_FILE_SIZE_BYTES}. */
    public Builder targetFileSizeBytes(long targetFileSizeBytes) {
      this.targetFileSizeBytes = targetFileSizeBytes;
      return this;
    }

    /** Positive; default {@value #DEFAULT_MAX_ROWS_PER_FILE}. */
    public Builder maxRowsPerFile(long maxRowsPerFile) {
      this.maxRowsPerFile = maxRowsPerFile;
      return this;
    }

    /** Default none. */
    public Builder hadoopProperties(Map<String, String> hadoopProperties) {
      this.hadoopProperties = hadoopProperties;
      return this;
    }

    /** Default {@link Clock#systemUTC()}. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * Checks the settings and builds the options.
     *
     * @throws IllegalArgumentException naming the first bad setting and its value
     */
    public DeltaOfflineStoreOptions build() {
      if (root == null || root.isBlank()) {
        throw new IllegalArgumentException("root must be set, was '" + root + "'");
      }
      if (targetFileSizeBytes <= 0) {
        throw new IllegalArgumentException(
            "targetFileSizeBytes must be positive, was " + targetFileSizeBytes);
      }
      if (maxRowsPerFile <= 0) {
        throw new IllegalArgumentException(
            "maxRowsPerFile must be positive, was " + maxRowsPerFile);
      }
      Objects.requireNonNull(hadoopProperties, "hadoopProperties must be set");
      Objects.requireNonNull(clock, "clock must be set");
      return new DeltaOfflineStoreOptions(this);
    }
  }
}

package dev.larder.testing;

import dev.larder.storage.online.redis.RedisOnlineStoreOptions;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.Locale;

/**
 * A Redis that online-store tests run against, one server ({@link RedisServerExtension}) or a
 * cluster ({@link RedisClusterExtension}), so that one contract test runs on both.
 */
public interface RedisBackend {

  /** True for a Redis Cluster. */
  boolean isCluster();

  /** Store options that point at this Redis; the caller adds its own settings. */
  RedisOnlineStoreOptions.Builder storeOptions();

  /**
   * A synchronous connection for setting up and inspecting the data (not the code under test); on a
   * cluster, commands go to the node owning their key.
   */
  RedisClusterCommands<String, String> commands();

  /** The stored bytes of {@code key} (UTF-8), or null; read over a connection of its own. */
  byte[] rawValue(String key);

  /** Deletes every key of every database (of every master). */
  default void flushAll() {
    commands().flushall();
  }

  /** Resets {@code INFO commandstats} (of every node). */
  void resetStats();

  /**
   * How often the server (every master, added up) has run a command since the last {@link
   * #resetStats()}; 0 if never.
   *
   * @param command a command name, case-insensitive, e.g. {@code "mget"}
   */
  long commandCalls(String command);

  /**
   * The {@code calls=} count of {@code command} in an {@code INFO commandstats} answer; 0 if
   * absent.
   */
  static long callsIn(String commandStats, String command) {
    String prefix = "cmdstat_" + command.toLowerCase(Locale.ROOT) + ":";
    for (String line : commandStats.split("\r?\n")) {
      if (line.startsWith(prefix)) {
        for (String field : line.substring(prefix.length()).split(",")) {
          if (field.startsWith("calls=")) {
            return Long.parseLong(field.substring("calls=".length()));
          }
        }
      }
    }
    return 0;
  }
}

package dev.larder.storage.online.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * The server-side newest-wins compare-and-set of one row (DESIGN §4), run with {@code EVALSHA}.
 *
 * <p>One key per call, so it runs unchanged on Redis Cluster. The script compares bytes 2..17 (Lua
 * is 1-based) of the stored and the new value, the (event time, created time) header of {@link
 * RowCodec}, as unsigned bytes one by one: Lua's string {@code <} uses the server's collation
 * locale ({@code strcoll}), which is not byte order outside the C locale. A stored value that is
 * too short to carry a header is replaced.
 *
 * <p>When the server has lost the script ({@code NOSCRIPT}: restart, failover, {@code SCRIPT
 * FLUSH}), the call is repeated once with {@code EVAL}, which also caches the script again.
 * Thread-safe.
 */
final class NewestWinsScript {

  /**
   * KEYS[1] the row's key; ARGV[1] the encoded row; ARGV[2] the expiry as Unix milliseconds, or
   * empty for none. Returns 1 when the row was stored, 0 when the stored row is at least as new.
   */
  static final String SOURCE =
      """
      local function at_least_as_new(stored, row)
        for i = 2, 17 do
          local s, r = string.byte(stored, i), string.byte(row, i)
          if s ~= r then
            return s > r
          end
        end
        return true
      end
      local stored = redis.call('GET', KEYS[1])
      if stored and #stored >= 17 and at_least_as_new(stored, ARGV[1]) then
        return 0
      end
      if ARGV[2] == '' then
        redis.call('SET', KEYS[1], ARGV[1])
      else
        redis.call('SET', KEYS[1], ARGV[1], 'PXAT', ARGV[2])
      end
      return 1
      """;

  private static final byte[] SOURCE_BYTES = SOURCE.getBytes(StandardCharsets.UTF_8);

  private final StatefulRedisConnection<byte[], byte[]> connection;
  private final RedisAsyncCommands<byte[], byte[]> commands;
  private final String sha;

  NewestWinsScript(StatefulRedisConnection<byte[], byte[]> connection) {
    this.connection = connection;
    this.commands = connection.async();
    this.sha = commands.digest(SOURCE_BYTES);
  }

  /**
   * Queues one compare-and-set; the caller flushes the connection.
   *
   * @param expireAtMillis ASCII decimal Unix milliseconds, or empty for no expiry
   * @return 1 if the row was stored, 0 if the stored row was at least as new
   */
  CompletableFuture<Long> run(byte[] key, byte[] row, byte[] expireAtMillis) {
    byte[][] keys = {key};
    byte[][] args = {row, expireAtMillis};
    CompletableFuture<Long> first =
        commands.<Long>evalsha(sha, ScriptOutputType.INTEGER, keys, args).toCompletableFuture();
    return first.exceptionallyCompose(
        error -> {
          if (!(RedisFailures.unwrap(error) instanceof RedisNoScriptException)) {
            return CompletableFuture.failedFuture(error);
          }
          CompletableFuture<Long> retry =
              commands
                  .<Long>eval(SOURCE_BYTES, ScriptOutputType.INTEGER, keys, args)
                  .toCompletableFuture();
          connection.flushCommands();
          return retry;
        });
  }
}

package dev.larder.storage.online.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The server-side newest-wins compare-and-set of rows (DESIGN §4), run with {@code EVALSHA}.
 *
 * <p>One call carries up to {@link NewestWinsWriter#ROWS_PER_SCRIPT_CALL} rows, applied in order,
 * so two rows of one key in one call behave as two calls would; it reads the stored rows with one
 * {@code MGET} and writes each newer row with a {@code SET}. Many rows per call because a call
 * costs Redis several microseconds on top of its {@code GET} and {@code SET} (about 7 µs against
 * 1.4 and 2 µs, measured): with one row per call the script, not the network, bounded bulk writes.
 * On Redis Cluster the keys of one call must hash to one slot: {@link NewestWinsWriter} groups each
 * call's rows by slot there.
 *
 * <p>The script compares bytes 2..17 (Lua is 1-based) of the stored and the new value, the (event
 * time, created time) header of {@link RowCodec}, as unsigned bytes one by one: Lua's string {@code
 * <} uses the server's collation locale ({@code strcoll}), which is not byte order outside the C
 * locale. Equal headers are found with one byte-exact {@code ==}. A stored value that is too short
 * to carry a header is replaced.
 *
 * <p>When the server has lost the script ({@code NOSCRIPT}: restart, failover, {@code SCRIPT
 * FLUSH}), the call is repeated once with {@code EVAL}, which also caches the script again.
 * Thread-safe.
 */
final class NewestWinsScript {

  /**
   * KEYS[i] a row's key; ARGV[2i-1] the encoded row; ARGV[2i] its expiry as Unix milliseconds, or
   * empty for none. Returns {how many rows were stored, how many keys Redis did not hold}; a row is
   * not stored when the stored row is at least as new.
   */
  static final String SOURCE =
      """
      local function at_least_as_new(stored, row)
        if string.sub(stored, 2, 17) == string.sub(row, 2, 17) then
          return true
        end
        for i = 2, 17 do
          local s, r = string.byte(stored, i), string.byte(row, i)
          if s ~= r then
            return s > r
          end
        end
        return true
      end
      local written, absent = 0, 0
      local stored_rows = redis.call('MGET', unpack(KEYS))
      local stored_now = {}
      for k = 1, #KEYS do
        local row, expire_at = ARGV[2 * k - 1], ARGV[2 * k]
        -- A key seen earlier in this call holds what this call stored, not what MGET read.
        local stored = stored_now[KEYS[k]]
        if stored == nil then
          stored = stored_rows[k]
          if not stored then
            absent = absent + 1
          end
        end
        if not (stored and #stored >= 17 and at_least_as_new(stored, row)) then
          stored_now[KEYS[k]] = row
          if expire_at == '' then
            redis.call('SET', KEYS[k], row)
          else
            redis.call('SET', KEYS[k], row, 'PXAT', expire_at)
          end
          written = written + 1
        end
      end
      return {written, absent}
      """;

  private static final byte[] SOURCE_BYTES = SOURCE.getBytes(StandardCharsets.UTF_8);

  private final StatefulConnection<byte[], byte[]> connection;
  private final RedisClusterAsyncCommands<byte[], byte[]> commands;
  private final String sha;

  /**
   * @param commands the async commands of {@code connection}
   */
  NewestWinsScript(
      StatefulConnection<byte[], byte[]> connection,
      RedisClusterAsyncCommands<byte[], byte[]> commands) {
    this.connection = connection;
    this.commands = commands;
    this.sha = commands.digest(SOURCE_BYTES);
  }

  /**
   * Queues one compare-and-set of several rows; the caller flushes the connection.
   *
   * @param keys the rows' keys
   * @param args per key, the encoded row then its expiry (ASCII decimal Unix milliseconds, or empty
   *     for none): twice as many entries as {@code keys}
   * @return how many of the rows were stored, then how many of the keys Redis did not hold
   */
  CompletableFuture<List<Long>> run(byte[][] keys, byte[][] args) {
    CompletableFuture<List<Long>> first =
        commands.<List<Long>>evalsha(sha, ScriptOutputType.MULTI, keys, args).toCompletableFuture();
    return first.exceptionallyCompose(
        error -> {
          if (!(RedisFailures.unwrap(error) instanceof RedisNoScriptException)) {
            return CompletableFuture.failedFuture(error);
          }
          CompletableFuture<List<Long>> retry =
              commands
                  .<List<Long>>eval(SOURCE_BYTES, ScriptOutputType.MULTI, keys, args)
                  .toCompletableFuture();
          connection.flushCommands();
          return retry;
        });
  }
}

package dev.larder.storage.online.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private {@code redis-server} child process on a free port of 127.0.0.1, without persistence,
 * its files and log in a given folder: what tests, benchmarks and local tools run when no Redis is
 * given. It can be stopped and started again on the same port. Not thread-safe.
 */
public final class RedisServerProcess implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  private static final List<String> USUAL_DIRS = List.of("/usr/bin", "/usr/local/bin");
  private static final int START_ATTEMPTS = 3;

  private final Path binary;
  private final Path dir;
  private final int port;
  private final List<String> extraArgs;
  private Process process;

  private RedisServerProcess(Path binary, Path dir, int port, List<String> extraArgs) {
    this.binary = binary;
    this.dir = dir;
    this.port = port;
    this.extraArgs = extraArgs;
  }

  /** The {@code redis-server} on the PATH or in a usual place, if there is one. */
  public static Optional<Path> findBinary() {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.concat(Stream.of(path.split(java.io.File.pathSeparator)), USUAL_DIRS.stream())
        .filter(d -> !d.isBlank())
        .map(d -> Paths.get(d, "redis-server"))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /**
   * Starts {@code redis-server} in {@code dir} (created if missing) on a free port and waits until
   * it answers PING; tries a few ports in case another process takes one first.
   *
   * @throws IllegalStateException when there is no redis-server or it does not come up in time
   */
  public static RedisServerProcess start(Path dir) {
    return start(dir, List.of());
  }

  /**
   * Like {@link #start(Path)}, with more {@code redis-server} arguments, e.g. {@code
   * --cluster-enabled yes}; {@code PORT} in an argument stands for the port.
   */
  public static RedisServerProcess start(Path dir, List<String> extraArgs) {
    Path binary =
        findBinary()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no redis-server on the PATH: install it (Debian: apt-get install"
                            + " redis-server)"));
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    IllegalStateException last = null;
    for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
      RedisServerProcess server =
          new RedisServerProcess(binary, dir, freePort(), List.copyOf(extraArgs));
      try {
        server.start();
        return server;
      } catch (IllegalStateException e) {
        last = e;
      }
    }
    throw last;
  }

  public int port() {
    return port;
  }

  /** {@code redis://127.0.0.1:PORT}. */
  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** The server's log file. */
  public Path log() {
    return dir.resolve("redis-" + port + ".log");
  }

  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  /**
   * Starts the process (again, on the same port, after {@link #stop()}) and waits until it answers
   * PING; does nothing while it runs.
   *
   * @throws IllegalStateException when it exits or does not answer in time, with its log's tail
   */
  public void start() {
    if (isRunning()) {
      return;
    }
    Path log = log();
    List<String> command =
        new ArrayList<>(
            List.of(
                binary.toString(),
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                dir.toString()));
    extraArgs.forEach(a -> command.add(a.replace("PORT", Integer.toString(port))));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + binary + ": " + e.getMessage(), e);
    }
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    try {
      while (!answersPing("127.0.0.1", port)) {
        // Returns early when the process dies, e.g. because another one took the port.
        if (process.waitFor(20, TimeUnit.MILLISECONDS)) {
          throw new IllegalStateException(
              "redis-server exited with "
                  + process.exitValue()
                  + " on port "
                  + port
                  + ":\n"
                  + tail(log));
        }
        if (System.nanoTime() - deadline > 0) {
          stop();
          throw new IllegalStateException(
              "redis-server did not answer PING on port "
                  + port
                  + " within "
                  + START_TIMEOUT
                  + ":\n"
                  + tail(log));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop();
      throw new IllegalStateException("interrupted while starting redis-server", e);
    }
  }

  /** Kills the process at once (SIGKILL), as a crash would. */
  public void kill() {
    if (process == null) {
      return;
    }
    try {
      process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  /** Stops the process (SIGTERM; nothing is saved), forcibly if it does not exit in time. */
  public void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    process = null;
  }

  @Override
  public void close() {
    stop();
  }

  /** Sends PING with short timeouts; true when a Redis at host:port answers PONG. */
  public static boolean answersPing(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 200);
      socket.setSoTimeout(1000);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      return "+PONG".equals(in.readLine());
    } catch (IOException e) {
      return false;
    }
  }

  /** A port of 127.0.0.1 that was free a moment ago. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}

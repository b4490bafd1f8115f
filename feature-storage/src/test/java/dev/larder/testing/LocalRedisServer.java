package dev.larder.testing;

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
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private {@code redis-server} process on a free port of 127.0.0.1, with no persistence, in a
 * temporary directory. It can be stopped and started again on the same port. Not thread-safe.
 */
final class LocalRedisServer implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  private static final List<String> SEARCH_PATH =
      List.of("/usr/bin", "/usr/local/bin", "/opt/homebrew/bin");

  private final Path binary;
  private final Path dir;
  private final int port;
  private Process process;

  private LocalRedisServer(Path binary, Path dir, int port) {
    this.binary = binary;
    this.dir = dir;
    this.port = port;
  }

  /** The {@code redis-server} on the PATH (or in a usual place), if there is one. */
  static Optional<Path> findBinary() {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.concat(Stream.of(path.split(java.io.File.pathSeparator)), SEARCH_PATH.stream())
        .filter(d -> !d.isBlank())
        .map(d -> Paths.get(d, "redis-server"))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /** Starts a server on a free port; tries a few ports in case another process takes one first. */
  static LocalRedisServer start(Path binary) {
    Path dir;
    try {
      dir = Files.createTempDirectory("larder-redis-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      LocalRedisServer server = new LocalRedisServer(binary, dir, freePort());
      try {
        server.start();
        return server;
      } catch (IllegalStateException e) {
        last = e;
      }
    }
    deleteRecursively(dir);
    throw last;
  }

  int port() {
    return port;
  }

  boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Starts the process and waits until it answers PING. */
  void start() {
    if (isRunning()) {
      return;
    }
    Path log = dir.resolve("redis-" + port + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(
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
                dir.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + binary + ": " + e.getMessage(), e);
    }
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    try {
      while (!answersPing()) {
        // Waiting on the process returns early if it dies, e.g. because the port is taken.
        if (process.waitFor(20, TimeUnit.MILLISECONDS)) {
          throw new IllegalStateException(
              "redis-server exited with "
                  + process.exitValue()
                  + " on port "
                  + port
                  + ":\n"
                  + tail(log));
        }
        if (System.nanoTime() > deadline) {
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

  /** Stops the process (SIGTERM; nothing is saved) and waits for it to exit. */
  void stop() {
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
    deleteRecursively(dir);
  }

  private boolean answersPing() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
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

  private static int freePort() {
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

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temp directory is harmless.
    }
  }
}

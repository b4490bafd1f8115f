package dev.larder.benchmarks.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private {@code redis-server} on a free port of 127.0.0.1, without persistence, its files and
 * log in a given folder. {@link #close()} stops it. Thread-safe.
 */
public final class PrivateRedisServer implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
  private static final List<String> USUAL_DIRS = List.of("/usr/bin", "/usr/local/bin");
  private static final int START_ATTEMPTS = 3;

  private final Process process;
  private final int port;
  private final Path log;

  private PrivateRedisServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts {@code redis-server} (from the PATH or a usual place) and waits until it answers PING.
   *
   * @param dir the server's working folder, created if missing
   * @throws IllegalStateException when there is no redis-server or it does not come up in time
   */
  public static PrivateRedisServer start(Path dir) {
    Path binary = findBinary();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    IllegalStateException last = null;
    for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
      try {
        return start(binary, dir, FreePorts.next());
      } catch (IllegalStateException e) {
        last = e;
      }
    }
    throw last;
  }

  private static Path findBinary() {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.concat(Stream.of(path.split(java.io.File.pathSeparator)), USUAL_DIRS.stream())
        .filter(d -> !d.isBlank())
        .map(d -> Paths.get(d, "redis-server"))
        .filter(Files::isExecutable)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no redis-server on the PATH: install it (Debian: apt-get install"
                        + " redis-server) or pass --redis-url"));
  }

  private static PrivateRedisServer start(Path binary, Path dir, int port) {
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
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + binary + ": " + e.getMessage(), e);
    }
    PrivateRedisServer server = new PrivateRedisServer(process, port, log);
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    try {
      while (!server.answersPing()) {
        // Returns early when the process dies, e.g. because another one took the port.
        if (process.waitFor(20, TimeUnit.MILLISECONDS)) {
          throw new IllegalStateException(
              "redis-server exited with "
                  + process.exitValue()
                  + " on port "
                  + port
                  + ":\n"
                  + LogTail.of(log, 20));
        }
        if (System.nanoTime() - deadline > 0) {
          server.close();
          throw new IllegalStateException(
              "redis-server did not answer PING within "
                  + START_TIMEOUT
                  + ":\n"
                  + LogTail.of(log, 20));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.close();
      throw new IllegalStateException("interrupted while starting redis-server", e);
    }
    return server;
  }

  /** {@code redis://127.0.0.1:PORT}. */
  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  public Path log() {
    return log;
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

  /** Stops the server (SIGTERM; nothing is saved), forcibly if it does not exit in time. */
  @Override
  public void close() {
    ChildProcesses.stop(process, STOP_TIMEOUT);
  }
}

package dev.larder.benchmarks.process;

import dev.larder.storage.online.redis.RedisServerProcess;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The feature server ({@code dev.larder.server.LarderServer}) in a child JVM: {@code java} of this
 * JVM's {@code java.home}, this JVM's classpath, a fixed heap, free ports, its output in a log
 * file. {@link #close()} stops it (SIGTERM, which Spring handles gracefully, then SIGKILL).
 * Thread-safe.
 */
public final class FeatureServerProcess implements AutoCloseable {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** The server's main class. */
  public static final String MAIN_CLASS = "dev.larder.server.LarderServer";

  private static final Duration STOP_GRACE = Duration.ofSeconds(15);
  private static final Duration HEALTH_CALL_TIMEOUT = Duration.ofMillis(250);
  private static final Duration NOT_SERVING_PAUSE = Duration.ofMillis(50);

  private final Process process;
  private final int grpcPort;
  private final int httpPort;
  private final Path log;
  private final List<String> command;

  private FeatureServerProcess(
      Process process, int grpcPort, int httpPort, Path log, List<String> command) {
    this.process = process;
    this.grpcPort = grpcPort;
    this.httpPort = httpPort;
    this.log = log;
    this.command = command;
  }

  /**
   * How to start the server.
   *
   * @param registryUrl the registry holding the definitions ({@code --larder.registry.url})
   * @param redisUrl the online store ({@code --larder.redis.url})
   * @param heap the fixed heap, {@code -Xms} and {@code -Xmx} (e.g. {@code 1g})
   * @param jvmArgs further JVM options
   * @param classpath the child's classpath; it must hold the server and its dependencies
   * @param log the file the child's output goes to
   * @param startTimeout how long the server may take to report SERVING
   */
  public record Spec(
      String registryUrl,
      String redisUrl,
      String heap,
      List<String> jvmArgs,
      String classpath,
      Path log,
      Duration startTimeout) {}

  /**
   * Starts the server and waits until its gRPC health check (service {@code ""}) answers SERVING.
   *
   * @throws IllegalStateException when the server is not on the classpath, exits, or is not serving
   *     within the timeout; the child is stopped and the message ends with its log
   */
  public static FeatureServerProcess start(Spec spec) {
    requireServerOnClasspath();
    int grpcPort = RedisServerProcess.freePort();
    int httpPort = RedisServerProcess.freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xms" + spec.heap());
    command.add("-Xmx" + spec.heap());
    command.addAll(spec.jvmArgs());
    command.addAll(List.of("-cp", spec.classpath(), MAIN_CLASS));
    command.add("--larder.registry.url=" + spec.registryUrl());
    command.add("--larder.redis.url=" + spec.redisUrl());
    command.add("--larder.grpc.port=" + grpcPort);
    command.add("--server.port=" + httpPort);
    command.add("--server.address=127.0.0.1");
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(spec.log().toFile()))
              .start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the feature server: " + e.getMessage(), e);
    }
    FeatureServerProcess server =
        new FeatureServerProcess(process, grpcPort, httpPort, spec.log(), command);
    try {
      server.awaitServing(spec.startTimeout());
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  private static void requireServerOnClasspath() {
    try {
      Class.forName(MAIN_CLASS, false, FeatureServerProcess.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          MAIN_CLASS
              + " is not on the classpath: run with the benchmarks module's runtime"
              + " classpath (benchmarks/run builds it)",
          e);
    }
  }

  /** Polls the health check, each call bounded by its own deadline, until SERVING or timeout. */
  private void awaitServing(Duration timeout) {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
    HealthCheckRequest request = HealthCheckRequest.newBuilder().setService("").build();
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer yet";
    try {
      while (true) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "the feature server exited with "
                  + process.exitValue()
                  + " before serving:\n"
                  + LogTail.of(log, 40));
        }
        if (System.nanoTime() - deadline > 0) {
          throw new IllegalStateException(
              "the feature server was not SERVING within "
                  + timeout
                  + " ("
                  + last
                  + "):\n"
                  + LogTail.of(log, 40));
        }
        // A refused connection puts the channel in back-off; retry at once instead.
        channel.resetConnectBackoff();
        try {
          HealthCheckResponse.ServingStatus status =
              HealthGrpc.newBlockingStub(channel)
                  .withWaitForReady()
                  .withDeadlineAfter(HEALTH_CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                  .check(request)
                  .getStatus();
          if (status == HealthCheckResponse.ServingStatus.SERVING) {
            return;
          }
          last = "health status " + status;
          // Serving soon; wait a little, returning at once if the server dies.
          process.waitFor(NOT_SERVING_PAUSE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (StatusRuntimeException e) {
          last = e.getStatus().getCode().toString();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the feature server", e);
    } finally {
      channel.shutdownNow();
    }
  }

  public int grpcPort() {
    return grpcPort;
  }

  /** The REST and actuator port, on 127.0.0.1. */
  public int httpPort() {
    return httpPort;
  }

  /**
   * The server's metrics as its Prometheus endpoint gives them, as text.
   *
   * @throws UncheckedIOException when the server does not answer
   */
  public String metrics() {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + httpPort + "/actuator/prometheus"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the feature server's metrics", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the server's metrics", e);
    }
  }

  /**
   * How many reads the server has answered from its fallbacks (Redis failed, missed the read's
   * deadline, or was refused by the circuit breaker or bulkhead) since it started: its {@code
   * larder_serving_fallback_reads_total}; -1 when its metrics cannot be read just now.
   *
   * @throws IllegalStateException when its metrics do not have that counter
   */
  public long fallbackReads() {
    String metrics;
    try {
      metrics = metrics();
    } catch (UncheckedIOException e) {
      return -1;
    }
    for (String line : metrics.split("\n")) {
      if (line.startsWith("larder_serving_fallback_reads_total")) {
        return Math.round(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
      }
    }
    throw new IllegalStateException("the feature server reports no larder_serving_fallback_reads");
  }

  /**
   * CPU time (user + system) the server's threads have used since it started, in nanoseconds, at
   * the clock-tick resolution of Linux' {@code /proc} (10 ms), leaving out the JIT compiler
   * threads: compiling is start-up work that, on a busy machine, goes on long after the warm-up and
   * would swamp the serving figures. Where {@code /proc} is missing, the whole process' CPU time;
   * -1 when the system does not tell.
   */
  public long cpuNanos() {
    Path tasks = Path.of("/proc", Long.toString(process.pid()), "task");
    if (!Files.isDirectory(tasks)) {
      return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }
    long ticks = 0;
    try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
      for (Path thread : threads) {
        ticks += nonCompilerTicks(thread);
      }
    } catch (IOException | DirectoryIteratorException e) {
      return -1;
    }
    return ticks * ProcStat.NANOS_PER_CLOCK_TICK;
  }

  /** A thread's user + system clock ticks, 0 for a JIT compiler thread or one that has ended. */
  private static long nonCompilerTicks(Path thread) throws IOException {
    ProcStat stat;
    try {
      stat = ProcStat.read(thread.resolve("stat"));
    } catch (NoSuchFileException e) {
      return 0;
    }
    String name = stat.name();
    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
      return 0;
    }
    return stat.ownTicks();
  }

  /**
   * CPU time (user + system) of the whole server process since it started, JIT compiler threads
   * included, in nanoseconds; -1 when the system does not tell.
   */
  public long totalCpuNanos() {
    return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
  }

  public long pid() {
    return process.pid();
  }

  public Path log() {
    return log;
  }

  /** The command line that started the child. */
  public List<String> command() {
    return command;
  }

  @Override
  public void close() {
    ChildProcesses.stop(process, STOP_GRACE);
  }
}

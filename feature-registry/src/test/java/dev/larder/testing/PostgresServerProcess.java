package dev.larder.testing;

import com.sun.security.auth.module.UnixSystem;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private PostgreSQL server child process: a fresh cluster in a temporary folder, on a free port
 * of 127.0.0.1, trust authentication, no durability. {@code initdb} and {@code postgres} refuse to
 * run as root, so when the JVM is root they run as the {@value #OS_USER} system user. Not
 * thread-safe.
 */
final class PostgresServerProcess implements AutoCloseable {

  /** The cluster's superuser; trust authentication, so any password is accepted. */
  static final String SUPERUSER = "postgres";

  private static final String OS_USER = "postgres";
  private static final Path DEBIAN_VERSIONS = Path.of("/usr/lib/postgresql");
  private static final Duration INITDB_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
  private static final int START_ATTEMPTS = 3;
  private static final List<String> INITDB_OPTIONS =
      List.of("-U", SUPERUSER, "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync");
  // Tests need no durability; a small cache keeps several servers cheap.
  private static final List<String> SETTINGS =
      List.of(
          "listen_addresses=127.0.0.1",
          "fsync=off",
          "synchronous_commit=off",
          "full_page_writes=off",
          "shared_buffers=16MB");

  private final Path bin;
  private final Path dir;
  private final List<String> runAs;
  private final Thread shutdownHook = new Thread(this::stop, "larder-postgres-stop");
  private int port;
  private Process process;

  private PostgresServerProcess(Path bin, Path dir, List<String> runAs) {
    this.bin = bin;
    this.dir = dir;
    this.runAs = runAs;
  }

  /**
   * The folder holding {@code initdb}, {@code postgres} and {@code pg_ctl}: the first on the PATH,
   * else the newest {@code /usr/lib/postgresql/VERSION/bin} (where Debian puts them).
   */
  static Optional<Path> findBinDir() {
    String path = System.getenv().getOrDefault("PATH", "");
    Stream<Path> onPath =
        Stream.of(path.split(File.pathSeparator))
            .filter(d -> !d.isBlank())
            .map(d -> Path.of(d).resolve("initdb"))
            .filter(Files::isExecutable)
            .map(PostgresServerProcess::realParent);
    List<Path> debian = new ArrayList<>();
    try (Stream<Path> versions = Files.list(DEBIAN_VERSIONS)) {
      versions
          .filter(v -> v.getFileName().toString().matches("\\d+(\\.\\d+)?"))
          .sorted(Comparator.comparingDouble(v -> -Double.parseDouble(v.getFileName().toString())))
          .map(v -> v.resolve("bin"))
          .forEach(debian::add);
    } catch (IOException e) {
      // No Debian layout here.
    }
    return Stream.concat(onPath, debian.stream())
        .filter(d -> Stream.of("initdb", "postgres", "pg_ctl").allMatch(b -> isExecutable(d, b)))
        .findFirst();
  }

  /**
   * Creates a cluster in a new temporary folder and starts it on a free port, waiting until it
   * accepts connections; tries a few ports in case another process takes one first.
   *
   * @throws IllegalStateException when there is no PostgreSQL, or it does not come up in time
   */
  static PostgresServerProcess start() {
    Path bin = findBinDir().orElseThrow(() -> new IllegalStateException("no initdb found"));
    List<String> runAs = runAsPrefix();
    Path dir = createDirectory(!runAs.isEmpty());
    PostgresServerProcess server = new PostgresServerProcess(bin, dir, runAs);
    try {
      server.initdb();
      IllegalStateException last = null;
      for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
        try {
          server.launch(freePort());
          Runtime.getRuntime().addShutdownHook(server.shutdownHook);
          return server;
        } catch (IllegalStateException e) {
          last = e;
        }
      }
      throw last;
    } catch (RuntimeException e) {
      deleteRecursively(dir);
      throw e;
    }
  }

  /** The folder holding the cluster and the logs; gone after {@link #close()}. */
  Path directory() {
    return dir;
  }

  /** A JDBC URL for {@code database} as the superuser (the password is never checked). */
  String jdbcUrl(String database) {
    return String.format(
        "jdbc:postgresql://127.0.0.1:%d/%s?user=%s&password=%s",
        port, database, SUPERUSER, SUPERUSER);
  }

  /** Stops the server (fast shutdown: open sessions are ended) and deletes its folder. */
  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down; the hook has run or runs anyway.
    }
    deleteRecursively(dir);
  }

  private void initdb() {
    Path log = dir.resolve("initdb.log");
    List<String> command = new ArrayList<>(List.of(bin.resolve("initdb").toString(), "-D", data()));
    command.addAll(INITDB_OPTIONS);
    Process process = exec(log, command);
    try {
      if (!process.waitFor(INITDB_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("initdb took over " + INITDB_TIMEOUT + ":\n" + tail(log));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IllegalStateException("interrupted while running initdb", e);
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          "initdb exited with " + process.exitValue() + ":\n" + tail(log));
    }
  }

  private void launch(int port) {
    this.port = port;
    Path log = dir.resolve("postgres-" + port + ".log");
    List<String> command =
        new ArrayList<>(
            List.of(
                bin.resolve("postgres").toString(), "-D", data(), "-p", Integer.toString(port)));
    command.addAll(List.of("-k", dir.toString())); // the unix socket stays in our folder
    SETTINGS.forEach(setting -> command.addAll(List.of("-c", setting)));
    process = exec(log, command);
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    try {
      while (!acceptsConnections()) {
        // Returns early when the server dies, e.g. because another process took the port.
        if (process.waitFor(50, TimeUnit.MILLISECONDS)) {
          process = null;
          throw new IllegalStateException("postgres exited on port " + port + ":\n" + tail(log));
        }
        if (System.nanoTime() - deadline > 0) {
          stop();
          throw new IllegalStateException(
              "postgres did not accept connections within " + START_TIMEOUT + ":\n" + tail(log));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop();
      throw new IllegalStateException("interrupted while starting postgres", e);
    }
  }

  private boolean acceptsConnections() {
    try (Connection c = DriverManager.getConnection(jdbcUrl("postgres") + "&connectTimeout=2")) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  private void stop() {
    Process server = process;
    if (server == null) {
      return;
    }
    process = null;
    String pgCtl = bin.resolve("pg_ctl").toString();
    Process stopping =
        exec(dir.resolve("pg_ctl.log"), List.of(pgCtl, "stop", "-D", data(), "-m", "fast", "-w"));
    try {
      stopping.waitFor(STOP_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
      if (!server.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        killAll(server);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      killAll(server);
    }
  }

  /** Kills the server and, when it runs under runuser, the postgres processes below it. */
  private static void killAll(Process server) {
    server.descendants().forEach(ProcessHandle::destroyForcibly);
    server.destroyForcibly();
  }

  private String data() {
    return dir.resolve("data").toString();
  }

  private Process exec(Path log, List<String> command) {
    List<String> full = new ArrayList<>(runAs);
    full.addAll(command);
    try {
      return new ProcessBuilder(full)
          .directory(dir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + full + ": " + e.getMessage(), e);
    }
  }

  /** Empty when not root; else the words that run a command as {@value #OS_USER}. */
  private static List<String> runAsPrefix() {
    if (new UnixSystem().getUid() != 0) {
      return List.of();
    }
    // runuser rather than su: it needs no password and no PAM session, and Debian always has it.
    return List.of("runuser", "-u", OS_USER, "--");
  }

  private static Path createDirectory(boolean forOsUser) {
    try {
      if (!forOsUser) {
        return Files.createTempDirectory("larder-postgres-");
      }
      // Under /tmp, which the postgres user can reach, unlike root's own folders.
      Path dir = Files.createTempDirectory(Path.of("/tmp"), "larder-postgres-");
      try {
        UserPrincipal owner =
            FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(OS_USER);
        Files.setOwner(dir, owner);
      } catch (UserPrincipalNotFoundException e) {
        deleteRecursively(dir);
        throw new IllegalStateException(
            "running as root, but there is no '" + OS_USER + "' user to run PostgreSQL as", e);
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a folder for PostgreSQL", e);
    }
  }

  private static boolean isExecutable(Path dir, String binary) {
    return Files.isExecutable(dir.resolve(binary));
  }

  private static Path realParent(Path binary) {
    try {
      return binary.toRealPath().getParent();
    } catch (IOException e) {
      return binary.getParent();
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temp folder is harmless.
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

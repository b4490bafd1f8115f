package dev.larder.registry.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * sqlite-jdbc's native library, kept extracted in a cache folder so that a process does not copy it
 * out of the jar again. By default sqlite-jdbc writes the library (about 1 MiB) to a new temporary
 * file on every start and compares it with the jar's copy byte by byte, a fixed cost of every
 * one-shot {@code larder} command; pointed at an existing copy through its {@code
 * org.sqlite.lib.path} and {@code org.sqlite.lib.name} properties, it loads that copy instead.
 *
 * <p>The copy is keyed by the sqlite-jdbc version and the platform folder sqlite-jdbc picks (which
 * tells glibc from musl), and written to a temporary file that is then renamed, so concurrent
 * processes never see a partly written library. Thread-safe.
 */
final class SqliteNativeLibrary {

  /** The system property that overrides the cache folder (default: the user's cache folder). */
  static final String CACHE_DIR_PROPERTY = "larder.cache.dir";

  private static final String LIB_PATH_PROPERTY = "org.sqlite.lib.path";
  private static final String LIB_NAME_PROPERTY = "org.sqlite.lib.name";
  private static final String RESOURCE_ROOT = "/org/sqlite/native/";

  private static boolean configured;

  private SqliteNativeLibrary() {}

  /**
   * Points sqlite-jdbc at the cached copy of its library, extracting it first if no process has.
   * Does nothing when the user already chose a library ({@code org.sqlite.lib.path} is set) or when
   * the copy cannot be written (then sqlite-jdbc extracts its temporary copy, as it does by
   * default). Must run before the process's first SQLite connection to have an effect.
   */
  static synchronized void useCachedCopy() {
    if (configured || System.getProperty(LIB_PATH_PROPERTY) != null) {
      return;
    }
    configured = true;
    try {
      Path library = install(cacheRoot());
      System.setProperty(LIB_PATH_PROPERTY, library.getParent().toString());
      System.setProperty(LIB_NAME_PROPERTY, library.getFileName().toString());
    } catch (IOException | RuntimeException e) {
      // Not fatal: sqlite-jdbc falls back to its own extraction to the temporary folder.
    }
  }

  /**
   * Returns the library extracted under {@code cacheRoot}, extracting it when it is not there yet.
   *
   * @throws IOException if the folder or the file cannot be written, or the jar holds no library
   *     for this platform
   */
  static Path install(Path cacheRoot) throws IOException {
    String folder = LibraryLoaderUtil.getNativeLibResourcePath();
    String name = LibraryLoaderUtil.getNativeLibName();
    String platform =
        folder.startsWith(RESOURCE_ROOT) ? folder.substring(RESOURCE_ROOT.length()) : folder;
    Path dir =
        cacheRoot
            .resolve("sqlite-jdbc-" + SQLiteJDBCLoader.getVersion())
            .resolve(platform.replace('/', '-'));
    Path library = dir.resolve(name);
    if (Files.isRegularFile(library)) {
      return library;
    }
    Files.createDirectories(dir);
    Path partial = Files.createTempFile(dir, name, ".partial");
    try {
      try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(folder + "/" + name)) {
        if (in == null) {
          throw new IOException("sqlite-jdbc holds no native library at " + folder + "/" + name);
        }
        Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
      }
      // A rename is atomic: a concurrent process sees either no library or a whole one.
      Files.move(partial, library, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(partial);
    }
    return library;
  }

  /** The cache folder: {@value #CACHE_DIR_PROPERTY}, else the user's cache folder's larder/. */
  static Path cacheRoot() {
    String override = System.getProperty(CACHE_DIR_PROPERTY);
    if (override != null && !override.isEmpty()) {
      return Path.of(override);
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base =
        xdg != null && !xdg.isEmpty()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("larder");
  }
}

package dev.larder.registry.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/** The cached copy of sqlite-jdbc's native library: what is extracted, where, and how often. */
class SqliteNativeLibraryTest {

  @TempDir Path cache;

  @Test
  void extractsTheJarsLibraryUnderTheVersionAndPlatform() throws Exception {
    Path library = SqliteNativeLibrary.install(cache);

    assertThat(library.getFileName().toString()).isEqualTo(LibraryLoaderUtil.getNativeLibName());
    assertThat(cache.relativize(library).getName(0).toString())
        .isEqualTo("sqlite-jdbc-" + SQLiteJDBCLoader.getVersion());
    assertThat(Files.readAllBytes(library)).isEqualTo(jarCopy());
    try (Stream<Path> files = Files.list(library.getParent())) {
      assertThat(files).containsExactly(library);
    }
  }

  @Test
  void reusesAnExtractedCopyWithoutWritingItAgain() throws Exception {
    Path library = SqliteNativeLibrary.install(cache);
    FileTime old = FileTime.fromMillis(1_000_000_000_000L);
    Files.setLastModifiedTime(library, old);

    assertThat(SqliteNativeLibrary.install(cache)).isEqualTo(library);
    assertThat(Files.getLastModifiedTime(library)).isEqualTo(old);
  }

  @Test
  void concurrentInstallsLeaveOneWholeLibraryAndNoPartialFiles() throws Exception {
    int threads = 4;
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Path>> installs = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        Callable<Path> install =
            () -> {
              start.await(10, TimeUnit.SECONDS);
              return SqliteNativeLibrary.install(cache);
            };
        installs.add(pool.submit(install));
      }
      Set<Path> libraries = new HashSet<>();
      for (Future<Path> f : installs) {
        libraries.add(f.get(30, TimeUnit.SECONDS));
      }
      assertThat(libraries).hasSize(1);
      Path library = libraries.iterator().next();
      assertThat(Files.readAllBytes(library)).isEqualTo(jarCopy());
      try (Stream<Path> files = Files.list(library.getParent())) {
        assertThat(files).containsExactly(library);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static byte[] jarCopy() throws Exception {
    String resource =
        LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName();
    try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      return in.readAllBytes();
    }
  }
}

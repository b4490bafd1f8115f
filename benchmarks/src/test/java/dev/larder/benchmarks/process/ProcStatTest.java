package dev.larder.benchmarks.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcStatTest {

  @Test
  void readsTicksAfterANameWithSpacesAndParentheses(@TempDir Path dir) throws Exception {
    Path stat = dir.resolve("stat");
    Files.writeString(
        stat,
        "4242 (C2 Compiler (x)) S 1 4242 4242 0 -1 4194560 100 0 0 0 731 42 19 8 20 0 2 0 123\n");

    ProcStat parsed = ProcStat.read(stat);

    assertThat(parsed.name()).isEqualTo("C2 Compiler (x)");
    assertThat(parsed.ownTicks()).isEqualTo(731 + 42);
    assertThat(parsed.waitedChildrenTicks()).isEqualTo(19 + 8);
  }

  @Test
  void countsThisProcessesOwnTicks() throws Exception {
    Path self = Path.of("/proc/self/stat");
    assumeTrue(Files.isReadable(self), "no /proc");

    ProcStat parsed = ProcStat.read(self);

    assertThat(parsed.name()).isEqualTo("java");
    assertThat(parsed.ownTicks()).isPositive();
  }
}

package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.registry.errors.LarderException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LarderConfigTest {

  @TempDir Path dir;

  @Test
  void environmentOverridesTheFileAndPathsResolveAgainstTheWorkingDirectory() throws Exception {
    Files.writeString(
        dir.resolve("larder.yaml"),
        "offline_root: data/offline\nregistry_url: jdbc:sqlite:state/registry.db\n"
            + "redis_url: redis://file:1\n");
    LarderConfig config = LarderConfig.load(dir, Map.of("LARDER_REDIS_URL", "redis://env:2"));
    assertThat(config.get("redis_url")).contains("redis://env:2");
    assertThat(config.path("offline_root")).contains(dir.resolve("data/offline"));
    assertThat(config.registryUrl()).isEqualTo("jdbc:sqlite:" + dir.resolve("state/registry.db"));
    assertThat(config.localDir()).isEqualTo(dir.resolve(".larder"));
  }

  @Test
  void noFileMeansLocalMode() {
    LarderConfig config = LarderConfig.load(dir, Map.of());
    assertThat(config.values()).isEmpty();
    assertThat(config.registryUrl()).isEqualTo("jdbc:sqlite:" + dir.resolve(".larder/registry.db"));
  }

  @Test
  void anUnknownSettingIsNamed() throws Exception {
    Files.writeString(dir.resolve("larder.yaml"), "redis: redis://x:1\n");
    assertThatThrownBy(() -> LarderConfig.load(dir, Map.of()))
        .isInstanceOf(LarderException.class)
        .hasMessageContaining("unknown setting 'redis'")
        .hasMessageContaining("redis_url");
  }

  @Test
  void chunksSplitColumnsAlike() {
    var rows =
        Map.of(
            "a",
            java.util.List.of(
                dev.larder.proto.types.v1.Value.getDefaultInstance(),
                dev.larder.proto.types.v1.Value.getDefaultInstance(),
                dev.larder.proto.types.v1.Value.getDefaultInstance()));
    var chunks = QuickstartCommand.chunks(rows, 2);
    assertThat(chunks).hasSize(2);
    assertThat(chunks.get(0).get("a")).hasSize(2);
    assertThat(chunks.get(1).get("a")).hasSize(1);
  }
}

package dev.larder.storage.offline.delta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DeltaOfflineStoreOptionsTest {

  @Test
  void defaultsAndALocalRootAsAUri() {
    DeltaOfflineStoreOptions options =
        DeltaOfflineStoreOptions.builder().root(Path.of("/data/offline")).build();

    assertThat(options.root()).isEqualTo("file:///data/offline");
    assertThat(options.targetFileSizeBytes())
        .isEqualTo(DeltaOfflineStoreOptions.DEFAULT_TARGET_FILE_SIZE_BYTES);
    assertThat(options.maxRowsPerFile())
        .isEqualTo(DeltaOfflineStoreOptions.DEFAULT_MAX_ROWS_PER_FILE);
  }

  @Test
  void badSettingsAreNamed() {
    assertThatThrownBy(() -> DeltaOfflineStoreOptions.builder().build())
        .hasMessageContaining("root must be set");
    assertThatThrownBy(
            () -> DeltaOfflineStoreOptions.builder().root("/x").targetFileSizeBytes(0).build())
        .hasMessageContaining("targetFileSizeBytes must be positive, was 0");
    assertThatThrownBy(
            () -> DeltaOfflineStoreOptions.builder().root("/x").maxRowsPerFile(-1).build())
        .hasMessageContaining("maxRowsPerFile must be positive, was -1");
  }
}

package dev.larder.storage.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KeyDictionaryTest {

  @Test
  void givesDenseIdsInOrderOfFirstAddAndFindsEveryKeyAfterGrowing() {
    KeyDictionary dictionary = new KeyDictionary();
    KeyEncoder encoder = new KeyEncoder();
    int keys = 50_000;
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < keys; i++) {
        encoder.reset();
        encoder.addString("c" + i);
        encoder.addLong(i % 7);
        assertThat(dictionary.add(encoder.buffer(), encoder.length())).isEqualTo(i);
      }
    }
    assertThat(dictionary.size()).isEqualTo(keys);
    for (int i = 0; i < keys; i++) {
      encoder.reset();
      encoder.addString("c" + i);
      encoder.addLong(i % 7);
      assertThat(dictionary.find(encoder.buffer(), encoder.length())).isEqualTo(i);
      byte[] key = dictionary.key(i);
      assertThat(key).hasSize(encoder.length());
      assertThat(new String(key, 4, key.length - 12, StandardCharsets.UTF_8)).isEqualTo("c" + i);
    }
    encoder.reset();
    encoder.addString("c1");
    encoder.addLong(2);
    assertThat(dictionary.find(encoder.buffer(), encoder.length())).isEqualTo(-1);
    encoder.reset();
    assertThat(dictionary.find(encoder.buffer(), encoder.length())).isEqualTo(-1);
    assertThat(dictionary.add(encoder.buffer(), encoder.length())).isEqualTo(keys);
    assertThat(dictionary.find(encoder.buffer(), encoder.length())).isEqualTo(keys);
  }
}

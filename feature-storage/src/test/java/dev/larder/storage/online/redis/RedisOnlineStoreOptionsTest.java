package dev.larder.storage.online.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisOnlineStoreOptionsTest {

  @Test
  void everySettingHasADefault() {
    RedisOnlineStoreOptions options = RedisOnlineStoreOptions.builder().build();

    assertThat(options.redisUri()).isEqualTo("redis://127.0.0.1:6379");
    assertThat(options.commandTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(options.connectTimeout()).isEqualTo(RedisOnlineStoreOptions.DEFAULT_CONNECT_TIMEOUT);
    assertThat(options.shutdownTimeout())
        .isEqualTo(RedisOnlineStoreOptions.DEFAULT_SHUTDOWN_TIMEOUT);
    assertThat(options.expiryGrace()).isEmpty();
    assertThat(options.writeBatchSize()).isEqualTo(500);
    assertThat(options.clock().getZone()).isEqualTo(ZoneOffset.UTC);
  }

  @Test
  void toBuilderKeepsEverySetting() {
    Clock clock = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);
    RedisOnlineStoreOptions options =
        RedisOnlineStoreOptions.builder()
            .redisUri("redis://redis.internal:6380/2")
            .commandTimeout(Duration.ofMillis(250))
            .connectTimeout(Duration.ofSeconds(3))
            .shutdownTimeout(Duration.ofSeconds(4))
            .expiryGrace(Duration.ofMinutes(5))
            .writeBatchSize(64)
            .clock(clock)
            .build();

    RedisOnlineStoreOptions copy = options.toBuilder().build();

    assertThat(copy.redisUri()).isEqualTo("redis://redis.internal:6380/2");
    assertThat(copy.commandTimeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(copy.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(copy.shutdownTimeout()).isEqualTo(Duration.ofSeconds(4));
    assertThat(copy.expiryGrace()).contains(Duration.ofMinutes(5));
    assertThat(copy.writeBatchSize()).isEqualTo(64);
    assertThat(copy.clock()).isSameAs(clock);
    assertThat(copy.parsedUri().getDatabase()).isEqualTo(2);
  }

  @Test
  void badSettingsAreRefusedByName() {
    assertRefused(RedisOnlineStoreOptions.builder().redisUri(" "), "redisUri must be set");
    assertRefused(
        RedisOnlineStoreOptions.builder().redisUri("http://x:1"), "redisUri 'http://x:1'");
    assertRefused(
        RedisOnlineStoreOptions.builder().commandTimeout(Duration.ZERO),
        "commandTimeout must be a positive duration, was PT0S");
    assertRefused(
        RedisOnlineStoreOptions.builder().connectTimeout(Duration.ofSeconds(-1)),
        "connectTimeout must be a positive duration, was PT-1S");
    assertRefused(
        RedisOnlineStoreOptions.builder().shutdownTimeout(null),
        "shutdownTimeout must be a positive duration, was null");
    assertRefused(
        RedisOnlineStoreOptions.builder().expiryGrace(Duration.ofMillis(-1)),
        "expiryGrace must be zero or positive (or null for the view's ttl), was PT-0.001S");
    assertRefused(
        RedisOnlineStoreOptions.builder().writeBatchSize(0),
        "writeBatchSize must be between 1 and 10000, was 0");
    assertRefused(
        RedisOnlineStoreOptions.builder().writeBatchSize(10_001),
        "writeBatchSize must be between 1 and 10000, was 10001");
  }

  @Test
  void clusterNodesAreUrisAndCarryTheirSettingsThroughToBuilder() {
    RedisOnlineStoreOptions options =
        RedisOnlineStoreOptions.builder()
            .clusterNodes(List.of("10.0.0.1:7000", " 10.0.0.2:7001", "rediss://:secret@h3:7002"))
            .replicaReads(true)
            .topologyRefreshPeriod(Duration.ofSeconds(5))
            .build();

    RedisOnlineStoreOptions copy = options.toBuilder().build();

    assertThat(copy.isCluster()).isTrue();
    assertThat(copy.clusterNodes())
        .containsExactly(
            "redis://10.0.0.1:7000", "redis://10.0.0.2:7001", "rediss://:secret@h3:7002");
    assertThat(copy.parsedClusterNodes())
        .extracting(u -> u.getHost() + ":" + u.getPort())
        .containsExactly("10.0.0.1:7000", "10.0.0.2:7001", "h3:7002");
    assertThat(copy.replicaReads()).isTrue();
    assertThat(copy.topologyRefreshPeriod()).isEqualTo(Duration.ofSeconds(5));
    assertThat(copy.toString()).contains("rediss://***@h3:7002").doesNotContain("secret");
  }

  @Test
  void oneServerIsTheDefaultAndClusterSettingsAreChecked() {
    RedisOnlineStoreOptions options = RedisOnlineStoreOptions.builder().build();
    assertThat(options.isCluster()).isFalse();
    assertThat(options.replicaReads()).isFalse();
    assertThat(options.topologyRefreshPeriod())
        .isEqualTo(RedisOnlineStoreOptions.DEFAULT_TOPOLOGY_REFRESH_PERIOD);

    assertRefused(
        RedisOnlineStoreOptions.builder().replicaReads(true),
        "replicaReads needs a Redis Cluster: set clusterNodes");
    assertRefused(
        RedisOnlineStoreOptions.builder().clusterNodes(List.of("http://h:1")),
        "cluster node 'http://h:1' is not host:port or a Redis URI");
    assertRefused(
        RedisOnlineStoreOptions.builder()
            .clusterNodes(List.of("h:1"))
            .topologyRefreshPeriod(Duration.ZERO),
        "topologyRefreshPeriod must be a positive duration, was PT0S");
  }

  @Test
  void aZeroGraceIsAllowed() {
    assertThat(RedisOnlineStoreOptions.builder().expiryGrace(Duration.ZERO).build().expiryGrace())
        .contains(Duration.ZERO);
  }

  @Test
  void passwordsStayOutOfMessages() {
    RedisOnlineStoreOptions options =
        RedisOnlineStoreOptions.builder().redisUri("redis://user:secret@host:6379").build();
    assertThat(options.toString()).contains("redis://***@host:6379").doesNotContain("secret");
    assertThatThrownBy(
            () ->
                RedisOnlineStoreOptions.builder().redisUri("http://user:secret@host:6379").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("secret");
  }

  private static void assertRefused(RedisOnlineStoreOptions.Builder builder, String message) {
    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }
}

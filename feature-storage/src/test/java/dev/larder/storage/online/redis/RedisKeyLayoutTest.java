package dev.larder.storage.online.redis;

import static dev.larder.storage.online.redis.Views.i32;
import static dev.larder.storage.online.redis.Views.i64;
import static dev.larder.storage.online.redis.Views.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.proto.types.v1.Value;
import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.errors.InvalidEntityKeyException;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.JoinKey;
import dev.larder.registry.model.ValueTypes;
import dev.larder.storage.online.RowKey;
import dev.larder.testing.ValueArbitraries;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class RedisKeyLayoutTest {

  private static final List<JoinKey> MIXED_KEYS =
      List.of(
          new JoinKey("region", ValueType.STRING),
          new JoinKey("store_id", ValueType.INT64),
          new JoinKey("name", ValueType.STRING),
          new JoinKey("shard", ValueType.INT32));
  private static final FeatureView MIXED = Views.view("mixed", MIXED_KEYS, List.of(), null);

  private final RedisKeyLayout layout = new RedisKeyLayout();

  @Example
  void keysFollowTheDocumentedLayout() {
    FeatureView customers =
        FeatureView.builder()
            .project("food_delivery")
            .name("customer_stats")
            .version(3)
            .joinKeys(List.of(new JoinKey("customer_id", ValueType.STRING)))
            .build();
    assertThat(key(customers, List.of(str("c1")))).isEqualTo("food_delivery:customer_stats:v3:c1");
    assertThat(key(customers, List.of(str("a:b%c"))))
        .isEqualTo("food_delivery:customer_stats:v3:a%3Ab%25c");
    assertThat(key(customers, List.of(str("")))).isEqualTo("food_delivery:customer_stats:v3:");
    assertThat(key(customers, List.of(str("é☃😀"))))
        .isEqualTo("food_delivery:customer_stats:v3:é☃😀");
    assertThat(key(MIXED, List.of(str("eu"), i64(Long.MIN_VALUE), str(":"), i32(-7))))
        .isEqualTo("test:mixed:v1:eu:-9223372036854775808:%3A:-7");
    assertThat(key(MIXED, List.of(str(""), i64(0), str(""), i32(Integer.MAX_VALUE))))
        .isEqualTo("test:mixed:v1::0::2147483647");
  }

  @Example
  void anInt32ValueForAnInt64JoinKeyIsRefusedLikeAnyOtherMistypedValue() {
    assertThatThrownBy(() -> key(MIXED, List.of(str("x"), i32(42), str("y"), i32(1))))
        .isInstanceOf(InvalidEntityKeyException.class)
        .hasMessageEndingWith("expects INT64, got INT32");
  }

  @Example
  void unpairedSurrogatesStayDistinct() {
    FeatureView view =
        Views.view("s", List.of(new JoinKey("k", ValueType.STRING)), List.of(), null);
    assertThat(layout.key(view, List.of(str("\uD800"))))
        .isNotEqualTo(layout.key(view, List.of(str("\uD801"))))
        .isNotEqualTo(layout.key(view, List.of(str("?"))));
  }

  @Property(tries = 1000)
  void theEntityCanBeReadBackFromTheKey(@ForAll("mixedEntities") List<Value> entity) {
    assertThat(parseEntity(MIXED, layout.key(MIXED, entity))).isEqualTo(entity);
  }

  @Property(tries = 300)
  void distinctEntitiesGetDistinctKeys(@ForAll("confusableEntities") List<List<Value>> entities) {
    Set<String> keys = new HashSet<>();
    for (List<Value> entity : entities) {
      keys.add(new String(layout.key(MIXED, entity), StandardCharsets.UTF_8));
    }
    assertThat(keys).hasSize(new HashSet<>(entities).size());
  }

  @Property(tries = 500)
  void mistypedOrNullValuesAreRefusedNamingTheJoinKey(
      @ForAll("joinKeyTypes") ValueType type, @ForAll("values") Value value) {
    boolean accepted =
        switch (type) {
          case STRING -> value.hasStringVal();
          case INT32 -> value.hasInt32Val();
          default -> value.hasInt64Val();
        };
    FeatureView view =
        Views.view(
            "v",
            List.of(new JoinKey("id", ValueType.STRING), new JoinKey("the_key", type)),
            List.of(),
            null);
    List<Value> entity = List.of(str("ok"), value);
    if (accepted) {
      assertThat(layout.key(view, entity)).isNotEmpty();
    } else {
      assertThatThrownBy(() -> layout.key(new RowKey(view, entity)))
          .isInstanceOf(InvalidEntityKeyException.class)
          .hasMessageContaining("join key the_key")
          .hasMessageContaining("expects " + type)
          .hasMessageEndingWith("got " + ValueTypes.nameOf(value));
    }
  }

  @Example
  void aJavaNullValueIsRefused() {
    FeatureView view =
        Views.view("v", List.of(new JoinKey("customer_id", ValueType.STRING)), List.of(), null);
    assertThatThrownBy(() -> layout.key(view, Arrays.asList((Value) null)))
        .isInstanceOf(InvalidEntityKeyException.class)
        .hasMessage("join key customer_id of feature view test:v@v1 expects STRING, got null");
  }

  @Example
  void theNumberOfValuesMustMatchTheJoinKeys() {
    assertThatThrownBy(() -> layout.key(MIXED, List.of(str("eu"), i64(1))))
        .isInstanceOf(InvalidEntityKeyException.class)
        .hasMessageContaining("[region, store_id, name, shard]")
        .hasMessageContaining("has 2 values");
  }

  @Example
  void joinKeysOfOtherTypesAreRefused() {
    FeatureView view =
        Views.view("v", List.of(new JoinKey("lat", ValueType.DOUBLE)), List.of(), null);
    assertThatThrownBy(() -> layout.key(view, List.of(Views.dbl(1.5))))
        .isInstanceOf(InvalidEntityKeyException.class)
        .hasMessageContaining("join key lat")
        .hasMessageContaining("must be STRING, INT32 or INT64");
  }

  @Example
  void projectAndViewNamesAreEscapedToo() {
    FeatureView view =
        FeatureView.builder()
            .project("p:1")
            .name("v%2")
            .joinKeys(List.of(new JoinKey("k", ValueType.INT32)))
            .build();
    assertThat(key(view, List.of(i32(5)))).isEqualTo("p%3A1:v%252:v1:5");
  }

  private String key(FeatureView view, List<Value> entity) {
    return new String(layout.key(new RowKey(view, entity)), StandardCharsets.UTF_8);
  }

  /** The oracle: splits a key on ':' and undoes the escaping. */
  private static List<Value> parseEntity(FeatureView view, byte[] key) {
    String text = new String(key, StandardCharsets.UTF_8);
    String prefix = view.project() + ":" + view.name() + ":v" + view.version() + ":";
    assertThat(text).startsWith(prefix);
    String[] parts = text.substring(prefix.length()).split(":", -1);
    assertThat(parts).hasSameSizeAs(view.joinKeys());
    List<Value> entity = new ArrayList<>();
    for (int i = 0; i < parts.length; i++) {
      assertThat(parts[i]).doesNotContain(":");
      switch (view.joinKeys().get(i).type()) {
        case STRING -> entity.add(str(unescape(parts[i])));
        case INT32 -> entity.add(i32(Integer.parseInt(parts[i])));
        default -> entity.add(i64(Long.parseLong(parts[i])));
      }
    }
    return entity;
  }

  private static String unescape(String part) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (c == '%') {
        out.append((char) Integer.parseInt(part.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  @Provide
  Arbitrary<List<Value>> mixedEntities() {
    return Combinators.combine(
            ValueArbitraries.strings(),
            Arbitraries.longs(),
            ValueArbitraries.strings(),
            Arbitraries.integers())
        .as(
            (region, store, name, shard) ->
                List.of(str(region), i64(store), str(name), i32(shard)));
  }

  /**
   * Many entities built from few characters, so that near-collisions such as "%3A" vs ":" occur.
   */
  @Provide
  Arbitrary<List<List<Value>>> confusableEntities() {
    Arbitrary<String> confusable = Arbitraries.strings().withChars(":%3A25").ofMaxLength(4);
    return Combinators.combine(
            confusable,
            Arbitraries.longs().between(-3, 3),
            confusable,
            Arbitraries.integers().between(-1, 1))
        .as((region, store, name, shard) -> List.of(str(region), i64(store), str(name), i32(shard)))
        .list()
        .ofMinSize(2)
        .ofMaxSize(40);
  }

  @Provide
  Arbitrary<ValueType> joinKeyTypes() {
    return Arbitraries.of(ValueType.STRING, ValueType.INT32, ValueType.INT64);
  }

  @Provide
  Arbitrary<Value> values() {
    return ValueArbitraries.values();
  }
}

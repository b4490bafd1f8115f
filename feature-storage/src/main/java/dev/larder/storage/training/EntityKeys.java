package dev.larder.storage.training;

import dev.larder.proto.types.v1.Value;
import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.model.JoinKey;
import dev.larder.storage.offline.KeyOrder;
import dev.larder.storage.offline.ReadFilter.KeyBounds;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The entities of a training set for one set of join keys: a dense id per entity row (-1 when a key
 * is null) and the dictionary of distinct keys. Views keyed by the same join keys share one. Not
 * thread-safe while rows are added; read-only afterwards.
 */
final class EntityKeys {

  final List<JoinKey> joinKeys;
  final int[] columns;
  final KeyDictionary dictionary = new KeyDictionary();
  int[] ids = new int[1024];
  private final KeyEncoder encoder = new KeyEncoder();

  /**
   * @param columns per join key, the position of its column in the entity file
   */
  EntityKeys(List<JoinKey> joinKeys, int[] columns) {
    this.joinKeys = List.copyOf(joinKeys);
    this.columns = columns;
  }

  /** Adds the id of row {@code r} of the batch at position {@code at}. */
  void add(ColumnVector[] batch, int r, int at) {
    if (at == ids.length) {
      ids = Arrays.copyOf(ids, at + (at >> 1));
    }
    encoder.reset();
    for (int column : columns) {
      if (!encoder.add(batch[column], r)) {
        ids[at] = -1;
        return;
      }
    }
    ids[at] = dictionary.add(encoder.buffer(), encoder.length());
  }

  /** The smallest and greatest value of each join key, or null when there is no entity. */
  KeyBounds bounds() {
    if (dictionary.size() == 0) {
      return null;
    }
    Value[] min = new Value[joinKeys.size()];
    Value[] max = new Value[joinKeys.size()];
    for (int id = 0; id < dictionary.size(); id++) {
      ByteBuffer key = ByteBuffer.wrap(dictionary.key(id));
      for (int k = 0; k < joinKeys.size(); k++) {
        Value v = decode(key, joinKeys.get(k).type());
        if (min[k] == null || KeyOrder.compare(v, min[k]) < 0) {
          min[k] = v;
        }
        if (max[k] == null || KeyOrder.compare(v, max[k]) > 0) {
          max[k] = v;
        }
      }
    }
    return new KeyBounds(List.of(min), List.of(max));
  }

  /** Reads one join-key value as {@link KeyEncoder} wrote it. */
  private static Value decode(ByteBuffer key, ValueType type) {
    return switch (type) {
      case INT32 -> Value.newBuilder().setInt32Val((int) key.getLong()).build();
      case INT64 -> Value.newBuilder().setInt64Val(key.getLong()).build();
      default -> {
        byte[] bytes = new byte[key.getInt()];
        key.get(bytes);
        yield Value.newBuilder().setStringVal(new String(bytes, StandardCharsets.UTF_8)).build();
      }
    };
  }

  /** Groups views by their join keys: one {@link EntityKeys} per distinct list. */
  static List<EntityKeys> distinct(List<List<JoinKey>> keysOfViews, List<String> entityColumns) {
    List<EntityKeys> groups = new ArrayList<>();
    for (List<JoinKey> keys : keysOfViews) {
      if (groups.stream().noneMatch(g -> g.joinKeys.equals(keys))) {
        int[] columns = keys.stream().mapToInt(k -> entityColumns.indexOf(k.name())).toArray();
        groups.add(new EntityKeys(keys, columns));
      }
    }
    return groups;
  }
}

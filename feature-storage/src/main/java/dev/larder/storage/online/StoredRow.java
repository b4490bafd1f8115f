package dev.larder.storage.online;

import com.google.protobuf.CodedOutputStream;
import dev.larder.proto.types.v1.Value;
import java.io.IOException;
import java.util.Objects;

/**
 * A row as the online store read it, left in its stored form: its values are not turned into {@link
 * Value} objects, but can be written straight out in {@code larder.types.v1.Value} wire format. The
 * serving path copies them into its answer this way; {@link #decode()} gives the objects to callers
 * that want them.
 *
 * <p>Already checked when read: every method answers for every index below {@link #valueCount()}
 * without failing on the row's contents. Immutable and thread-safe.
 */
public interface StoredRow {

  /** Event time, microseconds since the epoch (UTC). */
  long eventTimeMicros();

  /** Created time, microseconds since the epoch (UTC): the tie-break of equal event times. */
  long createdTimeMicros();

  /**
   * The number of values the row holds; a row written before features were added to its view holds
   * fewer values than the view has features.
   */
  int valueCount();

  /**
   * Whether the value at {@code index} is null (a {@link Value} with no kind set).
   *
   * @throws IndexOutOfBoundsException unless {@code 0 <= index < valueCount()}
   */
  boolean isNull(int index);

  /**
   * The size in bytes of the value at {@code index} in {@code Value} wire format, without a field
   * tag or length prefix: what {@link #writeValue} writes.
   *
   * @throws IndexOutOfBoundsException unless {@code 0 <= index < valueCount()}
   */
  int valueWireSize(int index);

  /**
   * Writes the value at {@code index} as the fields of a {@code Value} message, exactly the bytes
   * of {@code value.toByteArray()} for the decoded value: {@link #valueWireSize} bytes.
   *
   * @throws IOException when {@code out} has no room left
   * @throws IndexOutOfBoundsException unless {@code 0 <= index < valueCount()}
   */
  void writeValue(int index, CodedOutputStream out) throws IOException;

  /** The row as objects; allocates, so not for the serving path. */
  OnlineRow decode();

  /** A stored row over a row held as objects, e.g. one read from the offline store. */
  static StoredRow of(OnlineRow row) {
    return new ObjectRow(Objects.requireNonNull(row, "row"));
  }
}

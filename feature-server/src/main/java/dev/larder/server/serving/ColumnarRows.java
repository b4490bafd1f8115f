package dev.larder.server.serving;

import dev.larder.proto.types.v1.Value;
import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.errors.InvalidRowsException;
import dev.larder.registry.model.ValueTypes;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Checks of columnar request data (column name -> one value per row) shared by reads and pushes.
 */
public final class ColumnarRows {

  private ColumnarRows() {}

  /**
   * Returns the number of rows the columns hold.
   *
   * @param field the request field holding the columns, for messages ("entities", "rows")
   * @throws InvalidRowsException when columns differ in length or hold more than {@code maxRows}
   */
  static int rowCount(Map<String, List<Value>> columns, String field, int maxRows) {
    return rowCountOfSizes(columns, List::size, field, maxRows);
  }

  /**
   * Returns the number of rows of columns, from their sizes alone, before any value is looked at.
   *
   * @param size the number of values of a column
   * @throws InvalidRowsException when sizes differ or exceed {@code maxRows}
   */
  public static <C> int rowCountOfSizes(
      Map<String, C> columns, ToIntFunction<C> size, String field, int maxRows) {
    int rows = -1;
    String first = null;
    for (Map.Entry<String, C> column : columns.entrySet()) {
      int n = size.applyAsInt(column.getValue());
      if (rows < 0) {
        rows = n;
        first = column.getKey();
      } else if (n != rows) {
        throw new InvalidRowsException(
            field
                + ": columns differ in length: '"
                + first
                + "' has "
                + rows
                + " values, '"
                + column.getKey()
                + "' has "
                + n);
      }
    }
    if (rows > maxRows) {
      throw new InvalidRowsException(
          field + ": " + rows + " rows exceed the limit of " + maxRows + " per request");
    }
    return Math.max(rows, 0);
  }

  /** True when the value is null (no kind set). */
  static boolean isNull(Value v) {
    return v.getKindCase() == Value.KindCase.KIND_NOT_SET;
  }

  /**
   * Checks that every value of a column has the declared type.
   *
   * @param nullable whether null values are allowed
   * @param error makes the exception from its message
   * @throws RuntimeException from {@code error}, naming the column, the row and both types
   */
  static void checkColumn(
      String field,
      String column,
      ValueType type,
      List<Value> values,
      boolean nullable,
      Function<String, ? extends RuntimeException> error) {
    for (int row = 0; row < values.size(); row++) {
      Value v = values.get(row);
      if (ValueTypes.holds(v, type) || (nullable && isNull(v))) {
        continue;
      }
      throw error.apply(
          field
              + "."
              + column
              + "["
              + row
              + "]: expected "
              + ValueTypes.displayName(type)
              + ", got "
              + ValueTypes.nameOf(v));
    }
  }
}

package dev.larder.pipelines.transform;

import dev.larder.registry.model.AggregationFunction;
import java.util.Arrays;
import java.util.List;

/**
 * Folds the values of one feature's events, oldest first, into the feature's value. Not
 * thread-safe; one per feature and window.
 *
 * <p>Semantics: COUNT counts events (or, with a column, its non-null cells) and is never null; SUM,
 * AVG, MIN and MAX skip null cells and are null when every cell is; SUM of integers is a {@code
 * Long}, of floats a {@code Double}, added in event order; AVG is a {@code Double}; LAST and FIRST
 * are the cell of the newest and oldest event, null included.
 */
abstract class Accumulator {

  /** Adds the cell of the next event (null for a null cell). */
  abstract void add(Object cell);

  /** The value of the events added so far. */
  abstract Object result();

  /**
   * What this accumulator holds, as plain values (see {@link Event}), so that a streaming job can
   * keep it in checkpointed state; {@link #restore} takes it back.
   */
  abstract List<Object> state();

  /** Sets what {@link #state()} of an accumulator of the same function gave. */
  abstract void restore(List<Object> state);

  static Accumulator of(AggregationFunction function, boolean countsEvents) {
    return switch (function) {
      case COUNT -> new Count(countsEvents);
      case SUM -> new Sum(false);
      case AVG -> new Sum(true);
      case MIN -> new Extreme(-1);
      case MAX -> new Extreme(1);
      case LAST -> new Last();
      case FIRST -> new First();
    };
  }

  private static final class Count extends Accumulator {
    private final boolean countsEvents;
    private long n;

    Count(boolean countsEvents) {
      this.countsEvents = countsEvents;
    }

    @Override
    void add(Object cell) {
      if (countsEvents || cell != null) {
        n++;
      }
    }

    @Override
    Object result() {
      return n;
    }

    @Override
    List<Object> state() {
      return Arrays.asList(n);
    }

    @Override
    void restore(List<Object> state) {
      n = (Long) state.get(0);
    }
  }

  private static final class Sum extends Accumulator {
    private final boolean average;
    private long n;
    private long longSum;
    private double doubleSum;
    private boolean floating;

    Sum(boolean average) {
      this.average = average;
    }

    @Override
    void add(Object cell) {
      if (cell == null) {
        return;
      }
      n++;
      if (cell instanceof Float || cell instanceof Double) {
        floating = true;
        doubleSum += ((Number) cell).doubleValue();
      } else {
        longSum += ((Number) cell).longValue();
      }
    }

    @Override
    Object result() {
      if (n == 0) {
        return null;
      }
      if (average) {
        return (floating ? doubleSum : (double) longSum) / n;
      }
      return floating ? (Object) doubleSum : (Object) longSum;
    }

    @Override
    List<Object> state() {
      return Arrays.asList(n, longSum, doubleSum, floating);
    }

    @Override
    void restore(List<Object> state) {
      n = (Long) state.get(0);
      longSum = (Long) state.get(1);
      doubleSum = (Double) state.get(2);
      floating = (Boolean) state.get(3);
    }
  }

  private static final class Extreme extends Accumulator {
    private final int sign;
    private Comparable<Object> best;

    Extreme(int sign) {
      this.sign = sign;
    }

    @Override
    @SuppressWarnings("unchecked")
    void add(Object cell) {
      if (cell != null && (best == null || sign * best.compareTo(cell) < 0)) {
        best = (Comparable<Object>) cell;
      }
    }

    @Override
    Object result() {
      return best;
    }

    @Override
    List<Object> state() {
      return Arrays.asList(best);
    }

    @Override
    @SuppressWarnings("unchecked")
    void restore(List<Object> state) {
      best = (Comparable<Object>) state.get(0);
    }
  }

  private static final class Last extends Accumulator {
    private Object last;

    @Override
    void add(Object cell) {
      last = cell;
    }

    @Override
    Object result() {
      return last;
    }

    @Override
    List<Object> state() {
      return Arrays.asList(last);
    }

    @Override
    void restore(List<Object> state) {
      last = state.get(0);
    }
  }

  private static final class First extends Accumulator {
    private Object first;
    private boolean seen;

    @Override
    void add(Object cell) {
      if (!seen) {
        first = cell;
        seen = true;
      }
    }

    @Override
    Object result() {
      return first;
    }

    @Override
    List<Object> state() {
      return Arrays.asList(first, seen);
    }

    @Override
    void restore(List<Object> state) {
      first = state.get(0);
      seen = (Boolean) state.get(1);
    }
  }
}

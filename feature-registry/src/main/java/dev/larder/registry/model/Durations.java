package dev.larder.registry.model;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as definitions write them: an amount and a unit ({@code 100ms}, {@code 5s}, {@code
 * 30m}, {@code 2h}, {@code 7d}), or several such parts from the largest unit to the smallest
 * ({@code 1h30m}). A day is 24 hours. Stateless and thread-safe.
 */
public final class Durations {

  /** Units from the largest to the smallest; parts of a duration appear in this order. */
  private enum Unit {
    DAYS("d", 86_400_000L),
    HOURS("h", 3_600_000L),
    MINUTES("m", 60_000L),
    SECONDS("s", 1_000L),
    MILLIS("ms", 1L);

    final String symbol;
    final long millis;

    Unit(String symbol, long millis) {
      this.symbol = symbol;
      this.millis = millis;
    }

    static Unit of(String symbol) {
      for (Unit u : values()) {
        if (u.symbol.equals(symbol)) {
          return u;
        }
      }
      throw new IllegalStateException("the pattern admits no unit " + symbol);
    }
  }

  private static final Pattern PART = Pattern.compile("(\\d+)(ms|d|h|m|s)");

  private Durations() {}

  /**
   * Parses a duration such as {@code 5s} or {@code 1h30m}.
   *
   * @return the duration, zero or positive
   * @throws IllegalArgumentException naming the text when it is not such a duration: empty,
   *     negative, units out of order or repeated, or too large for milliseconds in a {@code long}
   */
  public static Duration parse(String text) {
    if (text == null || text.isEmpty()) {
      throw invalid(text, "it is empty");
    }
    Matcher m = PART.matcher(text);
    long millis = 0;
    int end = 0;
    Unit previous = null;
    while (end < text.length()) {
      if (!m.find(end) || m.start() != end) {
        throw invalid(text, "expected parts like 100ms, 5s, 30m, 2h, 7d");
      }
      Unit unit = Unit.of(m.group(2));
      if (previous != null && unit.ordinal() <= previous.ordinal()) {
        throw invalid(text, "units must go from the largest to the smallest, each at most once");
      }
      try {
        millis = Math.addExact(millis, Math.multiplyExact(Long.parseLong(m.group(1)), unit.millis));
      } catch (ArithmeticException | NumberFormatException e) {
        throw invalid(text, "it is too large");
      }
      previous = unit;
      end = m.end();
    }
    return Duration.ofMillis(millis);
  }

  /**
   * Formats a duration in the shortest form {@link #parse} reads back to the same value: a single
   * unit ({@code 90m}, {@code 7d}) or, when shorter, parts from the largest unit down ({@code
   * 1d1ms}). Zero is {@code 0s}.
   *
   * @throws IllegalArgumentException when the duration is negative or not a whole number of
   *     milliseconds
   */
  public static String format(Duration duration) {
    if (duration.isNegative() || duration.getNano() % 1_000_000 != 0) {
      throw new IllegalArgumentException(
          "cannot write " + duration + " in definitions: it must be whole milliseconds, >= 0");
    }
    long millis = duration.toMillis();
    if (millis == 0) {
      return "0s";
    }
    String single = singleUnit(millis);
    String parts = parts(millis);
    return parts.length() < single.length() ? parts : single;
  }

  /** The largest unit that divides the amount exactly. */
  private static String singleUnit(long millis) {
    for (Unit u : Unit.values()) {
      if (millis % u.millis == 0) {
        return millis / u.millis + u.symbol;
      }
    }
    throw new IllegalStateException("milliseconds divide every amount");
  }

  /** Every unit with a non-zero amount, largest first. */
  private static String parts(long millis) {
    StringBuilder sb = new StringBuilder();
    long rest = millis;
    for (Unit u : Unit.values()) {
      long amount = rest / u.millis;
      if (amount > 0) {
        sb.append(amount).append(u.symbol);
        rest -= amount * u.millis;
      }
    }
    return sb.toString();
  }

  private static IllegalArgumentException invalid(String text, String why) {
    return new IllegalArgumentException("invalid duration '" + text + "': " + why);
  }
}

package dev.larder.registry.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  private static final long[] UNIT_MILLIS = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
  private static final String[] UNIT_SYMBOLS = {"d", "h", "m", "s", "ms"};

  @ParameterizedTest
  @CsvSource({
    "100ms, 100",
    "5s, 5000",
    "30m, 1800000",
    "2h, 7200000",
    "7d, 604800000",
    "1h30m, 5400000",
    "1d2h3m4s5ms, 93784005",
    "90m, 5400000",
    "0s, 0",
  })
  void parsesAmountsOfUnits(String text, long millis) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "5",
        "s",
        "5 s",
        "-5s",
        "5S",
        "1.5h",
        "30m1h",
        "1m1m",
        "5w",
        "1h 30m",
        "99999999999999999999d",
        "106751991168d"
      })
  void refusesAnythingElseNamingTheText(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid duration '" + text + "': ");
  }

  @ParameterizedTest
  @CsvSource({
    "0, 0s",
    "100, 100ms",
    "5000, 5s",
    "5400000, 90m",
    "604800000, 7d",
    "129600000, 36h",
    "86400001, 1d1ms",
    "3723000, 3723s",
  })
  void formatsInTheShortestForm(long millis, String text) {
    assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
  }

  @Test
  void refusesToFormatWhatItCannotParseBack() {
    assertThatThrownBy(() -> Durations.format(Duration.ofNanos(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT0.000000001S");
    assertThatThrownBy(() -> Durations.format(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Property
  void formatThenParseGivesTheSameDuration(
      @ForAll @LongRange(min = 0, max = 1_000L * 86_400_000L) long millis) {
    Duration d = Duration.ofMillis(millis);
    assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
  }

  @Property
  void formatIsNoLongerThanAnySingleUnitOrMixedForm(
      @ForAll @LongRange(min = 1, max = 1_000L * 86_400_000L) long millis) {
    String formatted = Durations.format(Duration.ofMillis(millis));
    for (int u = 0; u < UNIT_MILLIS.length; u++) {
      if (millis % UNIT_MILLIS[u] == 0) {
        assertThat(formatted.length())
            .isLessThanOrEqualTo((millis / UNIT_MILLIS[u] + UNIT_SYMBOLS[u]).length());
      }
    }
  }

  @Property
  void parsesWhatTheOracleSums(@ForAll("parts") long[] amounts) {
    StringBuilder text = new StringBuilder();
    long expected = 0;
    for (int u = 0; u < amounts.length; u++) {
      if (amounts[u] >= 0) {
        text.append(amounts[u]).append(UNIT_SYMBOLS[u]);
        expected += amounts[u] * UNIT_MILLIS[u];
      }
    }
    if (text.length() > 0) {
      assertThat(Durations.parse(text.toString())).isEqualTo(Duration.ofMillis(expected));
    }
  }

  /** An amount per unit, largest unit first; a negative amount leaves the unit out. */
  @Provide
  Arbitrary<long[]> parts() {
    Arbitrary<Long> amount =
        Arbitraries.longs().between(-1, 5_000).edgeCases(c -> c.includeOnly(-1L, 1L));
    return Combinators.combine(amount, amount, amount, amount, amount)
        .as((d, h, m, s, ms) -> new long[] {d, h, m, s, ms});
  }
}

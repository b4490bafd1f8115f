package dev.larder.server.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AdmissionLimitTest {

  private static final Duration TARGET = Duration.ofMillis(20);

  private final AtomicLong now = new AtomicLong();

  @Test
  void callsBeyondTheLimitAreRefusedUntilAPlaceIsReleased() {
    AdmissionLimit limit = new AdmissionLimit(2, TARGET, now::get);
    AdmissionLimit.Permit first = limit.tryAdmit();
    assertThat(first).isNotNull();
    assertThat(limit.tryAdmit()).isNotNull();

    assertThat(limit.tryAdmit()).isNull();
    assertThat(limit.inFlight()).isEqualTo(2);

    first.release();
    first.release();
    assertThat(limit.inFlight()).isEqualTo(1);
    assertThat(limit.tryAdmit()).isNotNull();
    assertThat(limit.tryAdmit()).isNull();
    assertThat(limit.inFlight()).isEqualTo(2);
  }

  @Test
  void slowCallsShrinkTheLimitOnceATargetAndFastOnesGrowItBack() {
    AdmissionLimit limit = new AdmissionLimit(100, TARGET, now::get);
    AdmissionLimit.Permit a = limit.tryAdmit();
    AdmissionLimit.Permit b = limit.tryAdmit();
    now.addAndGet(TARGET.toNanos() + 1);

    a.release();
    b.release();
    assertThat(limit.limit()).as("one decrease per target's length").isEqualTo(90);

    for (int shrink = 0; shrink < 100; shrink++) {
      AdmissionLimit.Permit slow = limit.tryAdmit();
      now.addAndGet(TARGET.toNanos() + 1);
      slow.release();
    }
    assertThat(limit.limit()).isEqualTo(AdmissionLimit.MIN_LIMIT);
    for (int i = 0; i < AdmissionLimit.MIN_LIMIT; i++) {
      assertThat(limit.tryAdmit()).isNotNull();
    }
    assertThat(limit.tryAdmit()).as("beyond the shrunk limit").isNull();
  }

  @Test
  void callsWithinTheTargetGrowTheLimitByOnePerLimitUpToTheMaximum() {
    AdmissionLimit limit = new AdmissionLimit(12, TARGET, now::get);
    AdmissionLimit.Permit slow = limit.tryAdmit();
    now.addAndGet(TARGET.toNanos() + 1);
    slow.release();
    assertThat(limit.limit()).isEqualTo(11);

    for (int i = 0; i < 10; i++) {
      limit.tryAdmit().release();
    }
    assertThat(limit.limit()).isEqualTo(11);
    limit.tryAdmit().release();
    assertThat(limit.limit()).isEqualTo(12);
    for (int i = 0; i < 100; i++) {
      limit.tryAdmit().release();
    }
    assertThat(limit.limit()).isEqualTo(12);
  }

  @Test
  void theRefusalNamesTheLimit() {
    assertThat(new AdmissionLimit(64, TARGET).refusal())
        .hasMessage("server overloaded: 64 requests in flight (at most 64); retry with backoff");
  }

  @Test
  void theLimitAndTheTargetMustBePositive() {
    assertThatThrownBy(() -> new AdmissionLimit(0, TARGET))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("max in-flight must be >= 1, was 0");
    assertThatThrownBy(() -> new AdmissionLimit(1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the admission latency target must be positive, was PT0S");
  }
}

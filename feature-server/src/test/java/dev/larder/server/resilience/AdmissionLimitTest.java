package dev.larder.server.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AdmissionLimitTest {

  @Test
  void callsBeyondTheLimitAreRefusedUntilAPlaceIsReleased() {
    AdmissionLimit limit = new AdmissionLimit(2);
    assertThat(limit.tryAdmit()).isTrue();
    assertThat(limit.tryAdmit()).isTrue();

    assertThat(limit.tryAdmit()).isFalse();
    assertThat(limit.inFlight()).isEqualTo(2);

    limit.release();
    assertThat(limit.inFlight()).isEqualTo(1);
    assertThat(limit.tryAdmit()).isTrue();
    assertThat(limit.tryAdmit()).isFalse();
    assertThat(limit.inFlight()).isEqualTo(2);
  }

  @Test
  void theRefusalNamesTheLimit() {
    assertThat(new AdmissionLimit(64).refusal())
        .hasMessage("server overloaded: 64 requests in flight; retry with backoff");
  }

  @Test
  void theLimitMustBePositive() {
    assertThatThrownBy(() -> new AdmissionLimit(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("max in-flight must be >= 1, was 0");
  }
}

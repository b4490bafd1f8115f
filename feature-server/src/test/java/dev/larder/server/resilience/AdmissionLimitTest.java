package dev.larder.server.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AdmissionLimitTest {

  @Test
  void callsBeyondTheLimitAreRefusedAtOnceWithoutRunning() {
    AdmissionLimit limit = new AdmissionLimit(2);
    CompletableFuture<String> first = new CompletableFuture<>();
    AtomicInteger ran = new AtomicInteger();
    limit.admit(() -> first);
    limit.admit(CompletableFuture::new);

    CompletableFuture<String> refused =
        limit.admit(
            () -> {
              ran.incrementAndGet();
              return CompletableFuture.completedFuture("no");
            });

    assertThat(catchThrowable(refused::join))
        .cause()
        .isInstanceOf(ServerOverloadedException.class)
        .hasMessageContaining("2 requests in flight");
    assertThat(ran).hasValue(0);
    assertThat(limit.inFlight()).isEqualTo(2);
    first.complete("done");
    assertThat(limit.inFlight()).isEqualTo(1);
    assertThat(limit.admit(() -> CompletableFuture.completedFuture("yes")).join()).isEqualTo("yes");
    assertThat(limit.inFlight()).isEqualTo(1);
  }

  @Test
  void aCallThatThrowsIsNotLeftInFlight() {
    AdmissionLimit limit = new AdmissionLimit(1);
    assertThatThrownBy(
            () ->
                limit.admit(
                    () -> {
                      throw new IllegalStateException("boom");
                    }))
        .hasMessage("boom");
    assertThat(limit.inFlight()).isZero();
  }

  @Test
  void theLimitMustBePositive() {
    assertThatThrownBy(() -> new AdmissionLimit(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("max in-flight must be >= 1, was 0");
  }
}

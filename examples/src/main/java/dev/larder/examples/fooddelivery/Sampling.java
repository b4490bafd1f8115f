package dev.larder.examples.fooddelivery;

import java.time.Duration;
import java.util.List;
import java.util.Random;

/** Draws from the few distributions the generator needs; every draw comes from the given random. */
final class Sampling {

  private Sampling() {}

  /**
   * A Poisson count with the given mean (Knuth's method below 30, a normal approximation above).
   */
  static long poisson(Random r, double mean) {
    if (mean <= 0) {
      return 0;
    }
    if (mean > 30) {
      return Math.max(0, Math.round(mean + Math.sqrt(mean) * r.nextGaussian()));
    }
    double limit = Math.exp(-mean);
    long k = 0;
    double p = r.nextDouble();
    while (p > limit) {
      k++;
      p *= r.nextDouble();
    }
    return k;
  }

  /** A log-normal draw: its median is {@code median}, {@code sigma} is the log's deviation. */
  static double logNormal(Random r, double median, double sigma) {
    return median * Math.exp(sigma * r.nextGaussian());
  }

  /**
   * How long before now an event happened: exponential with mean {@code span / 5}, truncated to
   * {@code [0, span)}, so most rows are fresh and none is older than the span.
   */
  static Duration age(Random r, Duration span) {
    double spanMillis = span.toMillis();
    double mean = spanMillis / 5;
    double u = r.nextDouble() * (1 - Math.exp(-spanMillis / mean));
    long millis = (long) (-mean * Math.log(1 - u));
    return Duration.ofMillis(Math.min(millis, span.toMillis() - 1));
  }

  /** One of the options, each with its weight (weights need not sum to 1). */
  static <T> T weighted(Random r, List<T> options, double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double x = r.nextDouble() * total;
    for (int i = 0; i < options.size(); i++) {
      x -= weights[i];
      if (x < 0) {
        return options.get(i);
      }
    }
    return options.get(options.size() - 1);
  }

  /** An index in {@code [0, n)} that favours small indexes: a few popular items, a long tail. */
  static int popular(Random r, int n) {
    double u = r.nextDouble();
    return (int) (n * u * u * u);
  }
}

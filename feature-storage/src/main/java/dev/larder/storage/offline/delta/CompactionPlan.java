package dev.larder.storage.offline.delta;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Which small files of one partition to rewrite together: files under the target size, smallest
 * first, packed into bins that each reach about the target. A bin of one file is dropped (rewriting
 * it alone gains nothing). Pure.
 */
final class CompactionPlan {

  private CompactionPlan() {}

  /**
   * @param files the files of one partition
   * @param size a file's size in bytes
   * @return bins of at least two files each; every file is in at most one bin
   */
  static <F> List<List<F>> bins(List<F> files, ToLongFunction<F> size, long targetBytes) {
    List<F> small = new ArrayList<>();
    for (F f : files) {
      if (size.applyAsLong(f) < targetBytes) {
        small.add(f);
      }
    }
    small.sort(Comparator.comparingLong(size));
    List<List<F>> bins = new ArrayList<>();
    List<F> bin = new ArrayList<>();
    long binBytes = 0;
    for (F f : small) {
      bin.add(f);
      binBytes += size.applyAsLong(f);
      if (binBytes >= targetBytes) {
        bins.add(bin);
        bin = new ArrayList<>();
        binBytes = 0;
      }
    }
    bins.add(bin);
    bins.removeIf(b -> b.size() < 2);
    return bins;
  }
}

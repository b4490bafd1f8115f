package dev.larder.storage.training;

/**
 * Runs the point-in-time join of one view: for each entity row, the view row it gets. The local
 * engine matches in process; the Flink engine runs the same {@link PointInTimeIndex} per key group
 * on a Flink cluster. Implementations must give the same answer for the same input.
 */
@FunctionalInterface
public interface PointInTimeMatcher {

  /**
   * @return per entity row, the position of its view row among the input's view rows, or -1
   */
  int[] match(MatchInput input);

  /** Matches in this process, against one index of all the view's rows. */
  PointInTimeMatcher IN_PROCESS =
      input -> {
        PointInTimeIndex index = input.index();
        int[] matches = new int[input.entityCount()];
        for (int i = 0; i < matches.length; i++) {
          matches[i] = index.lookup(input.entityKeys()[i], input.entityTimes()[i]);
        }
        return matches;
      };
}

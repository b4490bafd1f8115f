package dev.larder.pipelines.training;

import dev.larder.storage.training.MatchInput;
import dev.larder.storage.training.PointInTimeMatcher;
import java.util.Arrays;
import java.util.function.Supplier;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.GlobalWindows;
import org.apache.flink.util.CloseableIterator;

/**
 * The {@code flink} engine's join: a Flink BATCH job that partitions entity rows and view rows by
 * entity and matches each key group with {@link MatchKeyGroup}, then collects the matches back.
 */
final class FlinkPointInTimeMatcher implements PointInTimeMatcher {

  private final Supplier<StreamExecutionEnvironment> environments;

  FlinkPointInTimeMatcher(Supplier<StreamExecutionEnvironment> environments) {
    this.environments = environments;
  }

  @Override
  public int[] match(MatchInput in) {
    int[] matches = new int[in.entityCount()];
    Arrays.fill(matches, -1);
    if (in.entityCount() == 0 || in.viewCount() == 0) {
      return matches;
    }
    StreamExecutionEnvironment env = environments.get();
    env.setRuntimeMode(RuntimeExecutionMode.BATCH);
    DataStream<JoinRow> entities =
        env.fromData(
                RowChunk.of(in.entityCount(), in.entityKeys(), in.entityTimes(), null, null),
                TypeInformation.of(RowChunk.class))
            .name("entity rows")
            .rebalance()
            .flatMap(new RowChunk.Expand(), TypeInformation.of(JoinRow.class));
    DataStream<JoinRow> views =
        env.fromData(
                RowChunk.of(
                    in.viewCount(),
                    in.viewKeys(),
                    in.eventTimes(),
                    in.createdTimes(),
                    in.sequences()),
                TypeInformation.of(RowChunk.class))
            .name("view rows")
            .rebalance()
            .flatMap(new RowChunk.Expand(), TypeInformation.of(JoinRow.class));
    DataStream<Tuple2<Integer, Integer>> found =
        entities
            .coGroup(views)
            .where(new ByKey(), Types.INT)
            .equalTo(new ByKey(), Types.INT)
            .window(GlobalWindows.createWithEndOfStreamTrigger())
            .apply(
                new MatchKeyGroup(in.ttlMicros()),
                TypeInformation.of(new TypeHint<Tuple2<Integer, Integer>>() {}));
    CloseableIterator<Tuple2<Integer, Integer>> it = null;
    try {
      it = found.executeAndCollect("larder training set");
      while (it.hasNext()) {
        Tuple2<Integer, Integer> m = it.next();
        matches[m.f0] = m.f1;
      }
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new TrainingSetJobException("the training-set join on Flink failed: " + e, e);
    } finally {
      close(it);
    }
    return matches;
  }

  private static void close(CloseableIterator<?> it) {
    if (it == null) {
      return;
    }
    try {
      it.close();
    } catch (Exception e) {
      // the job's answer is complete or its failure is already on its way; closing adds nothing
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Keys rows by entity id. */
  private static final class ByKey implements KeySelector<JoinRow, Integer> {
    private static final long serialVersionUID = 1L;

    @Override
    public Integer getKey(JoinRow row) {
      return row.key;
    }
  }
}

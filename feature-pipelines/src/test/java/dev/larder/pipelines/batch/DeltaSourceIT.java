package dev.larder.pipelines.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.larder.pipelines.source.RecordFormat;
import dev.larder.pipelines.testing.FlinkMiniCluster;
import dev.larder.pipelines.transform.EventSets;
import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.model.Aggregation;
import dev.larder.registry.model.AggregationFunction;
import dev.larder.registry.model.Feature;
import dev.larder.registry.model.FeatureView;
import dev.larder.storage.offline.OfflineRow;
import io.delta.standalone.DeltaLog;
import io.delta.standalone.Operation;
import io.delta.standalone.OptimisticTransaction;
import io.delta.standalone.actions.Action;
import io.delta.standalone.actions.AddFile;
import io.delta.standalone.actions.Metadata;
import io.delta.standalone.types.DoubleType;
import io.delta.standalone.types.LongType;
import io.delta.standalone.types.StringType;
import io.delta.standalone.types.StructField;
import io.delta.standalone.types.StructType;
import io.delta.standalone.types.TimestampType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Delta table source backfills to the same rows as its events given as JSON lines: only the
 * current snapshot's files are read (not one removed by a later commit), the partition column's
 * values come from the log, and a bad row is a dead letter with its data file and row number.
 */
class DeltaSourceIT {

  @RegisterExtension static final MiniClusterExtension FLINK = FlinkMiniCluster.extension();

  /** The data files' columns: the table's, less the partition column {@code tag}. */
  private static final MessageType FILE_SCHEMA =
      MessageTypeParser.parseMessageType(
          "message orders { required binary order_id (STRING); optional binary customer_id (STRING);"
              + " optional double amount; optional int64 items;"
              + " required int64 event_time (TIMESTAMP(MICROS,true)); }");

  private final FeatureView view =
      EventSets.view(
          List.of(
              EventSets.count("n"),
              new Feature(
                  "total",
                  ValueType.DOUBLE,
                  null,
                  new Aggregation(AggregationFunction.SUM, "amount", null),
                  null,
                  null),
              new Feature("copy_tag", ValueType.STRING, "tag", null, null, null)));

  @TempDir Path dir;

  private final Configuration conf = new Configuration();

  {
    conf.set("fs.file.impl", RawLocalFileSystem.class.getName());
  }

  @Test
  void currentSnapshotWithPartitionValuesGivesTheRowsOfTheSameJsonLines() throws Exception {
    Path table = dir.resolve("orders");
    AddFile x =
        dataFile(
            table,
            "tag=x/part-0.parquet",
            "x",
            List.of(
                row("o1", "c1", 1.5, 2L, 1),
                row("o2", "c2", 2.5, 3L, 2),
                row("o9", null, 1.0, 1L, 3)));
    AddFile y =
        dataFile(
            table, "tag=y/part-0.parquet", "y", List.<Object[]>of(row("o3", "c1", 0.5, 1L, 4)));
    AddFile none =
        dataFile(
            table,
            "tag=__HIVE_DEFAULT_PARTITION__/part-0.parquet",
            null,
            List.<Object[]>of(row("o4", "c2", 1.0, null, 5)));
    AddFile removed =
        dataFile(
            table, "tag=x/part-1.parquet", "x", List.<Object[]>of(row("o5", "c1", 100.0, 9L, 6)));
    DeltaLog log = DeltaLog.forTable(conf, table.toString());
    OptimisticTransaction create = log.startTransaction();
    create.updateMetadata(
        Metadata.builder()
            .schema(
                new StructType(
                    new StructField[] {
                      new StructField("order_id", new StringType()),
                      new StructField("customer_id", new StringType()),
                      new StructField("amount", new DoubleType()),
                      new StructField("items", new LongType()),
                      new StructField("tag", new StringType()),
                      new StructField("event_time", new TimestampType())
                    }))
            .partitionColumns(List.of("tag"))
            .build());
    create.commit(
        List.<Action>of(x, y, none, removed), new Operation(Operation.Name.WRITE), "test");
    log.startTransaction()
        .commit(
            List.<Action>of(removed.remove(System.currentTimeMillis(), true)),
            new Operation(Operation.Name.DELETE),
            "test");
    Path jsonl = dir.resolve("json/orders.jsonl");
    Files.createDirectories(jsonl.getParent());
    Files.write(
        jsonl,
        List.of(
            json("o1", "c1", 1.5, 2L, "x", 1),
            json("o2", "c2", 2.5, 3L, "x", 2),
            json("o3", "c1", 0.5, 1L, "y", 4),
            json("o4", "c2", 1.0, null, null, 5)));

    BackfillRequest fromDelta = request(table, RecordFormat.DELTA, "delta");
    BackfillResult result =
        BackfillJob.run(fromDelta, StreamExecutionEnvironment.getExecutionEnvironment());
    BackfillRequest fromJson = request(jsonl.getParent(), RecordFormat.JSONL, "json");
    BackfillJob.run(fromJson, StreamExecutionEnvironment.getExecutionEnvironment());

    assertThat(result.eventsRead()).as("o5's file was removed").isEqualTo(5);
    assertThat(result.bad()).isEqualTo(1);
    List<OfflineRow> rows = Backfills.tableRows(fromDelta);
    assertThat(rows).hasSize(4).isEqualTo(Backfills.tableRows(fromJson));
    assertThat(rows)
        .extracting(r -> r.values().get(2).getStringVal())
        .containsExactlyInAnyOrder("x", "x", "y", "");
    List<String> dead = Files.readAllLines(Path.of(fromDelta.deadLetterFile()));
    assertThat(dead).hasSize(1);
    JsonObject o = JsonParser.parseString(dead.get(0)).getAsJsonObject();
    assertThat(Path.of(o.get("file").getAsString()))
        .isEqualTo(table.resolve("tag=x/part-0.parquet"));
    assertThat(o.get("line").getAsLong()).isEqualTo(3);
    assertThat(o.get("reason").getAsString()).isEqualTo("missing join key customer_id");
    assertThat(o.get("raw").getAsString()).contains("o9").contains("tag: x");
  }

  private BackfillRequest request(Path input, RecordFormat format, String name) {
    BackfillRequest r =
        Backfills.request(
            view,
            EventSets.source(true),
            input,
            Instant.EPOCH,
            Instant.ofEpochSecond(60),
            dir.resolve("offline-" + name),
            "run-" + name);
    return new BackfillRequest(
        r.view(),
        r.source(),
        r.input(),
        format,
        r.start(),
        r.end(),
        r.offlineRoot(),
        r.hadoopProperties(),
        r.runId(),
        r.runTime());
  }

  private static Object[] row(
      String id, String customer, double amount, Long items, long eventSeconds) {
    return new Object[] {id, customer, amount, items, eventSeconds * 1_000_000L};
  }

  private AddFile dataFile(Path table, String relative, String tag, List<Object[]> rows)
      throws IOException {
    Path file = table.resolve(relative);
    Files.createDirectories(file.getParent());
    try (ParquetWriter<Group> w =
        ExampleParquetWriter.builder(new org.apache.hadoop.fs.Path(file.toUri()))
            .withType(FILE_SCHEMA)
            .withConf(conf)
            .build()) {
      SimpleGroupFactory groups = new SimpleGroupFactory(FILE_SCHEMA);
      for (Object[] r : rows) {
        Group g = groups.newGroup().append("order_id", (String) r[0]);
        if (r[1] != null) {
          g.append("customer_id", (String) r[1]);
        }
        g.append("amount", (Double) r[2]);
        if (r[3] != null) {
          g.append("items", (Long) r[3]);
        }
        w.write(g.append("event_time", (Long) r[4]));
      }
    }
    Map<String, String> partition = new HashMap<>();
    partition.put("tag", tag);
    return new AddFile(
        relative, partition, Files.size(file), System.currentTimeMillis(), true, null, null);
  }

  private static String json(
      String id, String customer, double amount, Long items, String tag, long eventSeconds) {
    JsonObject o = new JsonObject();
    o.addProperty("order_id", id);
    o.addProperty("customer_id", customer);
    o.addProperty("amount", amount);
    if (items != null) {
      o.addProperty("items", items);
    }
    if (tag != null) {
      o.addProperty("tag", tag);
    }
    o.addProperty("event_time", Instant.ofEpochSecond(eventSeconds).toString());
    return o.toString();
  }
}

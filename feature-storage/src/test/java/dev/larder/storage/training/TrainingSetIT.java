package dev.larder.storage.training;

import static dev.larder.testing.OfflineTables.i64;
import static dev.larder.testing.OfflineTables.micros;
import static dev.larder.testing.OfflineTables.str;
import static org.apache.parquet.schema.Type.Repetition.OPTIONAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.proto.types.v1.Int64List;
import dev.larder.proto.types.v1.Value;
import dev.larder.registry.errors.InvalidArgumentException;
import dev.larder.storage.offline.OfflineRow;
import dev.larder.storage.offline.OfflineStore;
import dev.larder.storage.offline.TransactionId;
import dev.larder.storage.offline.delta.DeltaOfflineStoreOptions;
import dev.larder.storage.offline.delta.DeltaOfflineStores;
import dev.larder.storage.testing.CustomerEntityFile;
import dev.larder.testing.ParquetFiles;
import dev.larder.testing.PointInTimeScenario;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training sets end to end on real Delta tables: lineage, as-of, Parquet input, bad requests. */
class TrainingSetIT {

  @TempDir Path dir;

  private OfflineStore store;
  private TrainingSetEngine engine;

  @BeforeEach
  void tables() {
    store =
        DeltaOfflineStores.open(
            DeltaOfflineStoreOptions.builder().root(dir.resolve("offline")).build());
    engine = TrainingSets.local(store, PointInTimeScenario::catalog);
    store.append(
        PointInTimeScenario.ordersView(),
        List.of(order("c1", "2026-11-23T11:55:00Z", 1), order("c2", "2026-11-23T11:00:00Z", 2)),
        new TransactionId("test", 1));
  }

  private static OfflineRow order(String customer, String time, long value) {
    return new OfflineRow(
        List.of(str(customer)), micros(time), micros(time), List.of(i64(value), str("s" + value)));
  }

  @Test
  void asOfReproducesTheTrainingSetByteForByteAfterNewRowsLanded() throws Exception {
    Path entities = dir.resolve("entities.csv");
    Files.writeString(
        entities,
        "customer_id,event_timestamp,label\nc1,2026-11-23T12:00:00Z,1\nc2,2026-11-23T12:00:00Z,0\n");
    Path first = dir.resolve("first.parquet");
    TrainingSetResult made =
        engine.run(TrainingSetRequest.of(entities, List.of("orders:f0", "orders:f1"), first));
    assertThat(made.lineage().views())
        .containsExactly(new TrainingSetLineage.ViewRead("orders", 1, 0, List.of("f0", "f1")));
    assertThat(Files.readString(made.lineageFile())).contains("\"tableVersion\": 0");

    store.append(
        PointInTimeScenario.ordersView(),
        List.of(order("c1", "2026-11-23T11:58:00Z", 10), order("c2", "2026-11-23T11:59:00Z", 20)),
        new TransactionId("test", 2));

    Path again = dir.resolve("again.parquet");
    engine.run(
        TrainingSetRequest.of(entities, List.of("orders:f0", "orders:f1"), again)
            .withAsOf(made.lineageFile()));
    Path newest = dir.resolve("newest.parquet");
    engine.run(TrainingSetRequest.of(entities, List.of("orders:f0", "orders:f1"), newest));

    assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(first));
    assertThat(Files.readAllBytes(newest)).isNotEqualTo(Files.readAllBytes(first));
    List<Group> rows = ParquetFiles.read(newest);
    assertThat(rows.get(0).getLong("f0", 0)).isEqualTo(10);
    assertThat(rows.get(1).getLong("f0", 0)).isEqualTo(20);
    List<Group> old = ParquetFiles.read(again);
    assertThat(old.get(0).getLong("f0", 0)).isEqualTo(1);
    // c2's 11:00 row is outside the 10-minute ttl at 12:00.
    assertThat(old.get(1).getFieldRepetitionCount("f0")).isZero();
  }

  @Test
  void listFeaturesAreWrittenAsParquetLists() throws Exception {
    Value noList = Value.getDefaultInstance();
    Value empty = Value.newBuilder().setInt64ListVal(Int64List.getDefaultInstance()).build();
    Value three =
        Value.newBuilder()
            .setInt64ListVal(Int64List.newBuilder().addValues(7).addValues(-1).addValues(7))
            .build();
    store.append(
        PointInTimeScenario.ratingsView(),
        List.of(rating("c1", 4.5, three), rating("c2", 1.0, empty), rating("c3", 2.0, noList)),
        new TransactionId("test", 3));
    Path entities = dir.resolve("entities.csv");
    Files.writeString(
        entities,
        "customer_id,event_timestamp,label\n"
            + "c1,2026-11-23T12:00:00Z,1\nc2,2026-11-23T12:00:00Z,0\n"
            + "c3,2026-11-23T12:00:00Z,1\nc4,2026-11-23T12:00:00Z,0\n");
    Path out = dir.resolve("lists.parquet");
    engine.run(TrainingSetRequest.of(entities, List.of("ratings:f0", "ratings:f1"), out));

    List<Group> rows = ParquetFiles.read(out);
    assertThat(rows).hasSize(4);
    assertThat(rows.get(0).getDouble("f0", 0)).isEqualTo(4.5);
    Group list = rows.get(0).getGroup("f1", 0);
    assertThat(list.getFieldRepetitionCount("list")).isEqualTo(3);
    assertThat(list.getGroup("list", 0).getLong("element", 0)).isEqualTo(7);
    assertThat(list.getGroup("list", 1).getLong("element", 0)).isEqualTo(-1);
    assertThat(list.getGroup("list", 2).getLong("element", 0)).isEqualTo(7);
    assertThat(rows.get(1).getGroup("f1", 0).getFieldRepetitionCount("list")).isZero();
    assertThat(rows.get(2).getDouble("f0", 0)).isEqualTo(2.0);
    assertThat(rows.get(2).getFieldRepetitionCount("f1")).isZero();
    assertThat(rows.get(3).getFieldRepetitionCount("f0")).isZero();
    assertThat(rows.get(3).getFieldRepetitionCount("f1")).isZero();
  }

  private static OfflineRow rating(String customer, double score, Value list) {
    long time = micros("2026-11-23T11:00:00Z");
    return new OfflineRow(
        List.of(str(customer)),
        time,
        time,
        List.of(Value.newBuilder().setDoubleVal(score).build(), list));
  }

  @Test
  void anotherProcessMakesTheSameBytes() throws Exception {
    Path entities = dir.resolve("entities.csv");
    Files.writeString(
        entities,
        "customer_id,event_timestamp,label\nc1,2026-11-23T12:00:00Z,1\nc2,2026-11-23T12:00:00Z,0\n"
            + "c3,2026-11-23T12:00:00Z,\n");
    List<String> features = List.of("orders:f0", "orders:f1");
    Path here = dir.resolve("here.parquet");
    engine.run(TrainingSetRequest.of(entities, features, here));
    Path there = dir.resolve("there.parquet");
    TrainingSetProcess.run(dir.resolve("offline"), entities, there, features);

    assertThat(ParquetFiles.read(there)).hasSize(3);
    assertThat(Files.mismatch(there, here)).as("the first byte that differs").isEqualTo(-1);
  }

  @Test
  void parquetEntitiesWithNaiveAndOffsetTimesAreTakenAsUtc() throws Exception {
    Path entities = dir.resolve("entities.parquet");
    try (CustomerEntityFile w =
        CustomerEntityFile.create(
            entities, LogicalTypeAnnotation.timestampType(false, TimeUnit.MILLIS), OPTIONAL)) {
      // Naive 12:00 is 12:00 UTC: c1's 11:55 row is within the ttl.
      w.write("c1", micros("2026-11-23T12:00:00Z") / 1000, 7);
      // 11:54:59.999: before c1's row, which must not leak from the future.
      w.write("c1", micros("2026-11-23T11:54:59.999Z") / 1000, null);
    }
    Path csvEntities = dir.resolve("entities.csv");
    Files.writeString(
        csvEntities,
        "customer_id,event_timestamp,label\n"
            + "c1,2026-11-23T14:05:00+02:00,1\n"
            + "c1,2026-11-23T13:55:00+02:00,2\n"
            + "c1,2026-11-23 12:05:00.000001,3\n");

    Path out = dir.resolve("out.parquet");
    engine.run(TrainingSetRequest.of(entities, List.of("orders:f0"), out));
    List<Group> rows = ParquetFiles.read(out);
    assertThat(ParquetFiles.schema(out).getType("event_timestamp").getLogicalTypeAnnotation())
        .isEqualTo(LogicalTypeAnnotation.timestampType(true, TimeUnit.MICROS));
    assertThat(rows.get(0).getLong("event_timestamp", 0)).isEqualTo(micros("2026-11-23T12:00:00Z"));
    assertThat(rows.get(0).getInteger("label", 0)).isEqualTo(7);
    assertThat(rows.get(0).getLong("f0", 0)).isEqualTo(1);
    assertThat(rows.get(1).getFieldRepetitionCount("label")).isZero();
    assertThat(rows.get(1).getFieldRepetitionCount("f0")).isZero();

    Path csvOut = dir.resolve("out.csv");
    engine.run(TrainingSetRequest.of(csvEntities, List.of("orders:f0"), csvOut));
    assertThat(Files.readAllLines(csvOut, StandardCharsets.UTF_8))
        .containsExactly(
            "customer_id,event_timestamp,label,f0",
            // 14:05+02:00 is 12:05 UTC, within 10 minutes of 11:55 (the boundary is inclusive).
            "c1,2026-11-23T12:05:00Z,1,1",
            "c1,2026-11-23T11:55:00Z,2,1",
            "c1,2026-11-23T12:05:00.000001Z,3,");
  }

  @Test
  void parquetOutputCutIntoPartsKeepsEveryRowInInputOrder() throws Exception {
    int rows = ParquetTrainingSetWriter.PART_ROWS + 3;
    StringBuilder csv = new StringBuilder("customer_id,event_timestamp,label\n");
    for (int i = 0; i < rows; i++) {
      // c1 matches its 11:55 row, c2's 11:00 row is beyond the ttl, c3 has no row.
      csv.append("c").append(i % 3 + 1).append(",2026-11-23T12:00:00Z,").append(i).append('\n');
    }
    Path entities = dir.resolve("many.csv");
    Files.writeString(entities, csv);
    Path out = dir.resolve("many.parquet");
    engine.run(TrainingSetRequest.of(entities, List.of("orders:f1", "orders:f0"), out));

    try (ParquetFileReader reader =
        ParquetFileReader.open(
            HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(out.toUri()),
                new org.apache.hadoop.conf.Configuration()))) {
      assertThat(reader.getRowGroups()).hasSize(2);
    }
    List<Group> written = ParquetFiles.read(out);
    assertThat(written).hasSize(rows);
    for (int i = 0; i < rows; i++) {
      Group row = written.get(i);
      assertThat(row.getString("label", 0)).isEqualTo(String.valueOf(i));
      assertThat(row.getString("customer_id", 0)).isEqualTo("c" + (i % 3 + 1));
      if (i % 3 == 0) {
        assertThat(row.getLong("f0", 0)).isEqualTo(1);
        assertThat(row.getString("f1", 0)).isEqualTo("s1");
      } else {
        assertThat(row.getFieldRepetitionCount("f0")).isZero();
        assertThat(row.getFieldRepetitionCount("f1")).isZero();
      }
    }
  }

  @Test
  void parquetEventTimesAsTextInt96AndDatesAreRead() throws Exception {
    // 2026-11-23T11:58:00Z three ways; c1's 11:55 row is within the 10-minute ttl of each.
    Path text = textTimes("text", "2026-11-23T13:58:00+02:00");
    int day = Math.toIntExact(LocalDate.of(2026, 11, 23).toEpochDay());
    ByteBuffer int96 = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    int96.putLong((11 * 3600 + 58 * 60) * 1_000_000_000L).putInt(2_440_588 + day);
    Path nanosOfDay =
        entityFile(
            "int96", PrimitiveTypeName.INT96, null, Binary.fromConstantByteArray(int96.array()));
    Path date = entityFile("date", PrimitiveTypeName.INT32, LogicalTypeAnnotation.dateType(), day);

    for (Path entities : List.of(text, nanosOfDay)) {
      Path out = dir.resolve(entities.getFileName() + ".out.parquet");
      engine.run(TrainingSetRequest.of(entities, List.of("orders:f0"), out));
      List<Group> rows = ParquetFiles.read(out);
      assertThat(rows.get(0).getLong("event_timestamp", 0))
          .as("%s", entities.getFileName())
          .isEqualTo(micros("2026-11-23T11:58:00Z"));
      assertThat(rows.get(0).getLong("f0", 0)).isEqualTo(1);
    }
    Path out = dir.resolve("date.out.parquet");
    engine.run(TrainingSetRequest.of(date, List.of("orders:f0"), out));
    assertThat(ParquetFiles.read(out).get(0).getLong("event_timestamp", 0))
        .isEqualTo(micros("2026-11-23T00:00:00Z"));

    Path badText = textTimes("bad", "yesterday");
    assertThatThrownBy(() -> engine.run(TrainingSetRequest.of(badText, List.of("orders:f0"), out)))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("row 1: event_timestamp 'yesterday' is not a timestamp");
    Path doubles = entityFile("double", PrimitiveTypeName.DOUBLE, null, 1.5);
    assertThatThrownBy(() -> engine.run(TrainingSetRequest.of(doubles, List.of("orders:f0"), out)))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("expected a timestamp, a date or RFC 3339 text");
    Path missing = textTimes("missing", null);
    assertThatThrownBy(() -> engine.run(TrainingSetRequest.of(missing, List.of("orders:f0"), out)))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("row 1 has no event_timestamp");
  }

  /** An entity file of one row whose event time is RFC 3339 text, or null. */
  private Path textTimes(String name, String time) throws IOException {
    return entityFile(
        name,
        PrimitiveTypeName.BINARY,
        LogicalTypeAnnotation.stringType(),
        time == null ? null : Binary.fromString(time));
  }

  /** An entity file of one row, customer c1, whose optional event time is of the given type. */
  private Path entityFile(
      String name, PrimitiveTypeName physical, LogicalTypeAnnotation logical, Object time)
      throws IOException {
    MessageType schema =
        Types.buildMessage()
            .required(PrimitiveTypeName.BINARY)
            .as(LogicalTypeAnnotation.stringType())
            .named("customer_id")
            .optional(physical)
            .as(logical)
            .named("event_timestamp")
            .named("entities");
    Path file = dir.resolve(name + ".parquet");
    try (ParquetWriter<Group> writer =
        ExampleParquetWriter.builder(new org.apache.hadoop.fs.Path(file.toUri()))
            .withConf(new Configuration())
            .withType(schema)
            .build()) {
      Group row = new SimpleGroupFactory(schema).newGroup().append("customer_id", "c1");
      if (time instanceof Binary b) {
        row.add("event_timestamp", b);
      } else if (time instanceof Integer i) {
        row.add("event_timestamp", i);
      } else if (time instanceof Double d) {
        row.add("event_timestamp", d);
      }
      writer.write(row);
    }
    return file;
  }

  @Test
  void badRequestsNameTheProblem() throws Exception {
    Path entities = dir.resolve("entities.csv");
    Files.writeString(entities, "customer_id,event_timestamp,f0\nc1,2026-11-23T12:00:00Z,x\n");
    Path out = dir.resolve("out.csv");

    assertThatThrownBy(() -> engine.run(TrainingSetRequest.of(entities, List.of("orders:f0"), out)))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("'f0' collides");
    assertThatThrownBy(
            () ->
                engine.run(
                    TrainingSetRequest.of(entities, List.of("orders:f0", "ratings:f0"), out)
                        .withFullFeatureNames(false)))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("would both be column 'f0'");
    Files.writeString(entities, "customer_id,label\nc1,1\n");
    assertThatThrownBy(() -> engine.run(TrainingSetRequest.of(entities, List.of("orders:f0"), out)))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("no event_timestamp column");
    Files.writeString(entities, "customer_id,event_timestamp\nc1,yesterday\n");
    assertThatThrownBy(() -> engine.run(TrainingSetRequest.of(entities, List.of("orders:f0"), out)))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("row 1: event_timestamp 'yesterday' is not a timestamp");
  }
}

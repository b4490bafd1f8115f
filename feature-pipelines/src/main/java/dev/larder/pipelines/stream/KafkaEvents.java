package dev.larder.pipelines.stream;

import dev.larder.pipelines.transform.BadRecord;
import dev.larder.pipelines.transform.EventParser;
import dev.larder.pipelines.transform.JsonCells;
import dev.larder.pipelines.transform.Parsed;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Parses Kafka records (UTF-8 JSON objects) with the batch pipeline's {@link EventParser}, in the
 * source itself, so that watermarks follow event time per partition. Never throws: a record that is
 * not a JSON object, or does not fit the schema, is a {@link BadRecord}. An event's or bad record's
 * "file" is the record's topic partition ({@code orders-0}) and its "line" the offset.
 */
final class KafkaEvents implements KafkaRecordDeserializationSchema<Parsed> {

  private static final long serialVersionUID = 1L;

  private final EventParser parser;

  KafkaEvents(EventParser parser) {
    this.parser = parser;
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Parsed> out) {
    String where = record.topic() + "-" + record.partition();
    byte[] value = record.value();
    String text = value == null ? "" : new String(value, StandardCharsets.UTF_8);
    Map<String, Object> cells;
    try {
      cells = JsonCells.parseObject(text);
    } catch (IllegalArgumentException e) {
      out.collect(new BadRecord(e.getMessage(), text, where, record.offset()));
      return;
    }
    out.collect(parser.parse(cells, text, where, record.offset()));
  }

  @Override
  public TypeInformation<Parsed> getProducedType() {
    // Only ever passed by reference to the chained step that splits events from bad records.
    return TypeInformation.of(Parsed.class);
  }
}

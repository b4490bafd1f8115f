package dev.larder.pipelines.stream;

import com.google.gson.JsonObject;
import dev.larder.pipelines.transform.BadRecord;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A bad record as a dead-letter message: a JSON object with {@code reason}, the source {@code
 * topic}, {@code partition} and {@code offset}, and the {@code raw} record text.
 */
final class DeadLetters implements KafkaRecordSerializationSchema<BadRecord> {

  private static final long serialVersionUID = 1L;

  private final String topic;
  private final String deadLetterTopic;

  DeadLetters(String topic, String deadLetterTopic) {
    this.topic = topic;
    this.deadLetterTopic = deadLetterTopic;
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      BadRecord r, KafkaSinkContext context, Long timestamp) {
    JsonObject o = new JsonObject();
    o.addProperty("reason", r.reason());
    o.addProperty("topic", topic);
    // KafkaEvents names the source of a record "{topic}-{partition}".
    o.addProperty("partition", Integer.parseInt(r.file().substring(r.file().lastIndexOf('-') + 1)));
    o.addProperty("offset", r.line());
    o.addProperty("raw", r.raw());
    return new ProducerRecord<>(
        deadLetterTopic, null, null, o.toString().getBytes(StandardCharsets.UTF_8));
  }
}

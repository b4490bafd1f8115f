package dev.larder.pipelines.batch;

import dev.larder.pipelines.ParsedRecords;
import dev.larder.pipelines.source.RecordReader;
import dev.larder.pipelines.transform.BadRecord;
import dev.larder.pipelines.transform.Event;
import dev.larder.pipelines.transform.EventParser;
import java.nio.file.Path;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Reads one source file per element: events out, bad records to {@link #BAD}. */
final class ReadSourceFile extends ProcessFunction<String, Event> {

  private static final long serialVersionUID = 1L;

  static final OutputTag<BadRecord> BAD =
      new OutputTag<>("bad-records") {
        private static final long serialVersionUID = 1L;
      };

  private final RecordReader reader;
  private final EventParser parser;
  private transient ParsedRecords records;

  ReadSourceFile(RecordReader reader, EventParser parser) {
    this.reader = reader;
    this.parser = parser;
  }

  @Override
  public void open(OpenContext context) {
    records = new ParsedRecords(getRuntimeContext());
  }

  @Override
  public void processElement(String file, Context ctx, Collector<Event> out) throws Exception {
    reader.read(Path.of(file), parser, p -> records.route(p, out, bad -> ctx.output(BAD, bad)));
  }
}

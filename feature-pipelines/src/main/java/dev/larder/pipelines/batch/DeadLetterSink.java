package dev.larder.pipelines.batch;

import com.google.gson.JsonObject;
import dev.larder.pipelines.transform.BadRecord;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Writes bad records as JSON lines ({@code reason}, {@code file}, {@code line}, {@code raw}) to one
 * file, created on the first record. Runs with parallelism 1.
 */
final class DeadLetterSink implements Sink<BadRecord> {

  private static final long serialVersionUID = 1L;

  private final URI file;

  DeadLetterSink(URI file) {
    this.file = file;
  }

  @Override
  public SinkWriter<BadRecord> createWriter(WriterInitContext context) {
    return new DeadLetterWriter(file);
  }

  /** Not thread-safe; Flink calls it from one task thread. */
  private static final class DeadLetterWriter implements SinkWriter<BadRecord> {
    private final URI file;
    private Writer out;

    DeadLetterWriter(URI file) {
      this.file = file;
    }

    @Override
    public void write(BadRecord r, Context context) throws IOException {
      if (out == null) {
        Path path = new Path(file);
        FileSystem fs = path.getFileSystem();
        fs.mkdirs(path.getParent());
        out =
            new OutputStreamWriter(
                fs.create(path, FileSystem.WriteMode.OVERWRITE), StandardCharsets.UTF_8);
      }
      JsonObject o = new JsonObject();
      o.addProperty("reason", r.reason());
      o.addProperty("file", r.file());
      o.addProperty("line", r.line());
      o.addProperty("raw", r.raw());
      out.write(o.toString());
      out.write('\n');
    }

    @Override
    public void flush(boolean endOfInput) throws IOException {
      if (out != null) {
        out.flush();
      }
    }

    @Override
    public void close() throws IOException {
      if (out != null) {
        out.close();
      }
    }
  }
}

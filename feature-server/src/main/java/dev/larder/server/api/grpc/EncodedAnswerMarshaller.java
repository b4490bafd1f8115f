package dev.larder.server.api.grpc;

import dev.larder.server.serving.EncodedAnswer;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an {@link EncodedAnswer}: the stream tells gRPC the answer's length and drains itself by
 * writing the answer straight into the transport's buffers, so that no heap array of the whole
 * answer is made. The server only sends answers; it never parses one. Stateless and thread-safe.
 *
 * <p>An answer that cannot be written (its bytes disagree with its computed size: a bug) is logged
 * here as an error: gRPC cancels the call's stream for it and tells no one else.
 */
final class EncodedAnswerMarshaller implements MethodDescriptor.Marshaller<EncodedAnswer> {

  static final EncodedAnswerMarshaller INSTANCE = new EncodedAnswerMarshaller();

  private static final Logger log = LoggerFactory.getLogger(EncodedAnswerMarshaller.class);

  private EncodedAnswerMarshaller() {}

  @Override
  public InputStream stream(EncodedAnswer answer) {
    return new AnswerStream(answer);
  }

  /**
   * Not supported: answers are written by the server, never read by it.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public EncodedAnswer parse(InputStream stream) {
    throw new UnsupportedOperationException("the feature server does not parse its own answers");
  }

  /**
   * One answer as a stream. gRPC drains it ({@link #drainTo}); should anything read it byte by byte
   * instead, it is written into an array first, once.
   */
  private static final class AnswerStream extends InputStream implements KnownLength, Drainable {
    private final EncodedAnswer answer;
    private ByteArrayInputStream bytes;
    private boolean drained;

    AnswerStream(EncodedAnswer answer) {
      this.answer = answer;
    }

    @Override
    public int drainTo(OutputStream target) throws IOException {
      if (bytes != null) {
        int n = bytes.available();
        bytes.transferTo(target);
        return n;
      }
      if (drained) {
        return 0;
      }
      drained = true;
      try {
        answer.writeTo(target);
      } catch (IOException | RuntimeException e) {
        log.error("cannot write a GetOnlineFeatures answer of {} bytes", answer.size(), e);
        throw e;
      }
      return answer.size();
    }

    @Override
    public int available() {
      if (bytes != null) {
        return bytes.available();
      }
      return drained ? 0 : answer.size();
    }

    @Override
    public int read() {
      return bytes().read();
    }

    @Override
    public int read(byte[] b, int off, int len) {
      return bytes().read(b, off, len);
    }

    private ByteArrayInputStream bytes() {
      if (bytes == null) {
        bytes = new ByteArrayInputStream(drained ? new byte[0] : answer.toByteArray());
        drained = true;
      }
      return bytes;
    }
  }
}

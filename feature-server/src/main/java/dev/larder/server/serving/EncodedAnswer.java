package dev.larder.server.serving;

import com.google.protobuf.CodedOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A {@code GetOnlineFeaturesResponse} sized but not yet written: its bytes are produced when it is
 * written out, for gRPC straight into the transport's buffers ({@link #writeTo}), so that no heap
 * array of the whole answer is made. An answer of 100 entities x 250 features is about half a
 * megabyte; as one array, the collector took every one for a large object and started a cycle for
 * it. Immutable once made; may be written any number of times, from any thread.
 */
public final class EncodedAnswer {

  /** The most bytes buffered before they go to the target stream. */
  private static final int WRITE_BUFFER_BYTES = 8192;

  private final AnswerEncoder encoder;
  private final int size;

  EncodedAnswer(AnswerEncoder encoder, int size) {
    this.encoder = encoder;
    this.size = size;
  }

  /** The answer's size in bytes. */
  public int size() {
    return size;
  }

  /**
   * Writes the answer's {@link #size()} bytes to {@code target}, through a small buffer; does not
   * flush or close {@code target}.
   *
   * @throws IOException when {@code target} fails
   * @throws IllegalStateException when the bytes written disagree with the computed size (a bug)
   */
  public void writeTo(OutputStream target) throws IOException {
    CodedOutputStream out =
        CodedOutputStream.newInstance(target, Math.min(size, WRITE_BUFFER_BYTES));
    encoder.write(out);
    out.flush();
    if (out.getTotalBytesWritten() != size) {
      throw AnswerEncoder.sizeMismatch(
          new IllegalStateException(
              "wrote " + out.getTotalBytesWritten() + " bytes of " + size + " computed"));
    }
  }

  /**
   * The answer's bytes in a new array.
   *
   * @throws IllegalStateException when the bytes disagree with the computed size (a bug)
   */
  public byte[] toByteArray() {
    byte[] bytes = new byte[size];
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    try {
      encoder.write(out);
      out.checkNoSpaceLeft();
    } catch (IOException | IllegalStateException e) {
      throw AnswerEncoder.sizeMismatch(e);
    }
    return bytes;
  }
}

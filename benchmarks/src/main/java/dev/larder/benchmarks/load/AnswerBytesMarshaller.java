package dev.larder.benchmarks.load;

import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A client's marshaller of messages kept in protobuf wire format: {@link #parse} returns the bytes
 * received, unparsed, and {@link #stream} sends bytes as they are. Stateless and thread-safe.
 */
final class AnswerBytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {

  static final AnswerBytesMarshaller INSTANCE = new AnswerBytesMarshaller();

  private AnswerBytesMarshaller() {}

  @Override
  public InputStream stream(byte[] message) {
    return new ByteArrayInputStream(message);
  }

  /**
   * Reads the whole message.
   *
   * @throws UncheckedIOException when the stream fails
   */
  @Override
  public byte[] parse(InputStream stream) {
    try {
      return stream.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

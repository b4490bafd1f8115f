package dev.larder.server.api.grpc;

import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Marshals a message that is already in protobuf wire format: {@link #stream} sends the bytes as
 * they are, {@link #parse} returns the bytes received. The stream tells gRPC its length and drains
 * itself in one write, so the bytes are copied once, into the transport's buffer. Stateless and
 * thread-safe; the byte arrays handed to {@link #stream} must not change afterwards.
 */
public final class EncodedMessageMarshaller implements MethodDescriptor.Marshaller<byte[]> {

  public static final EncodedMessageMarshaller INSTANCE = new EncodedMessageMarshaller();

  private EncodedMessageMarshaller() {}

  @Override
  public InputStream stream(byte[] message) {
    return new EncodedMessageStream(message);
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

  /** The bytes of one message, readable as a stream or drained in one write. */
  private static final class EncodedMessageStream extends ByteArrayInputStream
      implements KnownLength, Drainable {

    EncodedMessageStream(byte[] message) {
      super(message);
    }

    @Override
    public synchronized int drainTo(OutputStream target) throws IOException {
      int n = count - pos;
      target.write(buf, pos, n);
      pos = count;
      return n;
    }
  }
}

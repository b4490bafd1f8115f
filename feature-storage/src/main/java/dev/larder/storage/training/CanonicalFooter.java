package dev.larder.storage.training;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Comparator;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Util;

/**
 * Puts the footer of a Parquet file written by parquet-java into one form, so that the same rows
 * give the same bytes in every process. parquet-java lists the encodings of each column chunk in
 * the order of a {@code HashSet} of enum constants, whose hash codes are identity hash codes: the
 * order, and so the file's bytes, changed from one JVM to the next. Here each list is sorted by the
 * encodings' numbers in the Parquet format and the footer written again.
 */
final class CanonicalFooter {

  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

  private CanonicalFooter() {}

  /**
   * Rewrites the footer of the closed Parquet file at {@code file}, its encoding lists sorted.
   *
   * @throws IOException if the file cannot be read or written, or does not end as Parquet does
   */
  static void rewrite(Path file) throws IOException {
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = channel.size();
      ByteBuffer tail = readFully(channel, size - 8, 8).order(ByteOrder.LITTLE_ENDIAN);
      int length = tail.getInt();
      byte[] magic = new byte[4];
      tail.get(magic);
      long start = size - 8 - length;
      if (!Arrays.equals(magic, MAGIC) || length < 0 || start < MAGIC.length) {
        throw new IOException(file + " does not end with a Parquet footer");
      }
      FileMetaData footer =
          Util.readFileMetaData(
              new ByteArrayInputStream(readFully(channel, start, length).array()));
      for (RowGroup group : footer.getRow_groups()) {
        for (ColumnChunk chunk : group.getColumns()) {
          if (chunk.isSetMeta_data()) {
            chunk.getMeta_data().getEncodings().sort(Comparator.comparingInt(Encoding::getValue));
          }
        }
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(length + 8);
      Util.writeFileMetaData(footer, bytes);
      int written = bytes.size();
      bytes.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(written).array());
      bytes.write(MAGIC);
      channel.truncate(start);
      ByteBuffer out = ByteBuffer.wrap(bytes.toByteArray());
      long at = start;
      while (out.hasRemaining()) {
        at += channel.write(out, at);
      }
    }
  }

  private static ByteBuffer readFully(FileChannel channel, long position, int length)
      throws IOException {
    if (position < 0) {
      throw new IOException("a Parquet file is shorter than its footer says");
    }
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        throw new IOException("a Parquet file ends inside its footer");
      }
    }
    buffer.flip();
    return buffer;
  }
}

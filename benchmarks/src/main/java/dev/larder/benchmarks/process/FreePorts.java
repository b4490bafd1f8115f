package dev.larder.benchmarks.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free TCP ports of 127.0.0.1, for the processes the benchmark starts. */
final class FreePorts {

  private FreePorts() {}

  /**
   * A port nothing listens on right now. Another process may take it before the caller binds it;
   * callers that start a server on it detect that and try another.
   */
  static int next() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port on 127.0.0.1", e);
    }
  }
}

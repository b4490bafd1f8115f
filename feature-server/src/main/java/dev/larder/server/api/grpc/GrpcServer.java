package dev.larder.server.api.grpc;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The gRPC endpoint: serving, health checking and reflection on one Netty server. Handlers run on
 * the transport threads (direct executor) because they never block. Started and stopped with the
 * application context; stopping drains in-flight calls for up to {@code shutdownGrace}.
 */
public final class GrpcServer implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(GrpcServer.class);

  /**
   * The HTTP/2 flow-control window of every call and connection, fixed. Left to tune itself, gRPC
   * probes the bandwidth with a PING whenever it reads data and no probe is out, which for calls
   * that come one after another is one more frame written, flushed and acknowledged per request.
   * Requests are small, and 1 MiB (where tuning would start) holds hundreds of them.
   */
  static final int FLOW_CONTROL_WINDOW = 1 << 20;

  private final int port;
  private final Duration shutdownGrace;
  private final FeatureServingGrpcService serving;
  private final HealthStatusManager health = new HealthStatusManager();
  private volatile Server server;

  /**
   * @param port the port to listen on; 0 picks a free one (see {@link #port()})
   */
  public GrpcServer(int port, Duration shutdownGrace, FeatureServingGrpcService serving) {
    this.port = port;
    this.shutdownGrace = shutdownGrace;
    this.serving = serving;
  }

  @Override
  public synchronized void start() {
    BindableService reflection = ProtoReflectionServiceV1.newInstance();
    Server s =
        NettyServerBuilder.forAddress(new InetSocketAddress(port))
            .directExecutor()
            .flowControlWindow(FLOW_CONTROL_WINDOW)
            .addService(serving)
            .addService(health.getHealthService())
            .addService(reflection)
            .build();
    try {
      s.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen for gRPC on port " + port, e);
    }
    health.setStatus("", ServingStatus.SERVING);
    health.setStatus(serving.bindService().getServiceDescriptor().getName(), ServingStatus.SERVING);
    server = s;
    log.info("gRPC serving on port {}", s.getPort());
  }

  @Override
  public synchronized void stop() {
    Server s = server;
    if (s == null) {
      return;
    }
    health.enterTerminalState();
    s.shutdown();
    try {
      if (!s.awaitTermination(shutdownGrace.toMillis(), TimeUnit.MILLISECONDS)) {
        s.shutdownNow().awaitTermination(1, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      s.shutdownNow();
      Thread.currentThread().interrupt();
    }
    server = null;
  }

  @Override
  public boolean isRunning() {
    return server != null;
  }

  /** The port the server listens on; only while running. */
  public int port() {
    Server s = server;
    if (s == null) {
      throw new IllegalStateException("the gRPC server is not running");
    }
    return s.getPort();
  }
}

package dev.larder.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The feature server: gRPC on 6566, REST and actuator on 8080. */
@SpringBootApplication
public class LarderServer {
  public static void main(String[] args) {
    SpringApplication.run(LarderServer.class, args);
  }
}

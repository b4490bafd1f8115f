package dev.larder.storage.training;

import dev.larder.storage.offline.delta.DeltaOfflineStoreOptions;
import dev.larder.storage.offline.delta.DeltaOfflineStores;
import dev.larder.testing.PointInTimeScenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a training set of {@link PointInTimeScenario}'s views in a JVM of its own, as a second
 * {@code larder training-set} process would: arguments are the offline root, the entity file, the
 * output file and the feature references.
 */
final class TrainingSetProcess {

  private TrainingSetProcess() {}

  public static void main(String[] args) {
    TrainingSets.local(
            DeltaOfflineStores.open(
                DeltaOfflineStoreOptions.builder().root(Path.of(args[0])).build()),
            PointInTimeScenario::catalog)
        .run(
            TrainingSetRequest.of(
                Path.of(args[1]), List.of(args).subList(3, args.length), Path.of(args[2])));
  }

  /**
   * Runs {@link #main} in a new JVM and waits for it.
   *
   * @throws AssertionError with the process's output if it fails
   */
  static void run(Path offline, Path entities, Path out, List<String> features)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(TrainingSetProcess.class.getName());
    command.add(offline.toString());
    command.add(entities.toString());
    command.add(out.toString());
    command.addAll(features);
    Path log = Files.createTempFile("larder-training-set-process", ".log");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      int exit = process.waitFor();
      if (exit != 0) {
        throw new AssertionError(
            "the training-set process exited with " + exit + ":\n" + Files.readString(log));
      }
    } finally {
      Files.delete(log);
    }
  }
}

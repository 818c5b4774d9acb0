package io.hybridfailover.kafka.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the embedded broker as its own process for the local run: prints {@code
 * KAFKA_BOOTSTRAP_SERVERS=host:port} on standard output once the topics exist, optionally writes
 * the address to a file (so a launcher can wait for it), and stays up until the process is stopped.
 *
 * <p>Usage: {@code java -jar embedded-kafka.jar [--partitions N] [--bootstrap-file PATH]}
 */
public final class EmbeddedKafkaMain {

  private EmbeddedKafkaMain() {}

  public static void main(String[] args) throws Exception {
    int partitions = EmbeddedKafka.DEFAULT_PARTITIONS;
    Path bootstrapFile = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--partitions" -> partitions = Integer.parseInt(valueOf(args, ++i, "--partitions"));
        case "--bootstrap-file" -> bootstrapFile = Path.of(valueOf(args, ++i, "--bootstrap-file"));
        default -> {
          System.err.println(
              "unknown argument: "
                  + args[i]
                  + "\nusage: embedded-kafka [--partitions N] [--bootstrap-file PATH]");
          System.exit(2);
        }
      }
    }

    EmbeddedKafka kafka = EmbeddedKafka.start(partitions);
    CountDownLatch stopped = new CountDownLatch(1);
    Path fileToRemove = bootstrapFile;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  kafka.close();
                  deleteQuietly(fileToRemove);
                  stopped.countDown();
                },
                "embedded-kafka-shutdown"));

    System.out.println("KAFKA_BOOTSTRAP_SERVERS=" + kafka.bootstrapServers());
    System.out.println("started in " + kafka.startupTime().toMillis() + " ms");
    System.out.flush();
    if (bootstrapFile != null) {
      writeAtomically(bootstrapFile, kafka.bootstrapServers());
    }
    stopped.await();
  }

  private static String valueOf(String[] args, int i, String flag) {
    if (i >= args.length) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args[i];
  }

  /** Write-then-rename, so a launcher polling for the file never reads half an address. */
  private static void writeAtomically(Path file, String content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, content + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // the process is exiting; a stale file is harmless because the launcher starts a new broker
    }
  }
}

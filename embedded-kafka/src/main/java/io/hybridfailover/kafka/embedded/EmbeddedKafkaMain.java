package io.hybridfailover.kafka.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * Runs the embedded broker as its own process for the local run: prints {@code
 * KAFKA_BOOTSTRAP_SERVERS=host:port} on standard output once the topics exist, optionally writes
 * the address to a file (so a launcher can wait for it), and stays up until the process is stopped.
 *
 * <p>Usage: {@code java -jar embedded-kafka.jar [--partitions N] [--bootstrap-file PATH] [--port N]
 * [--log-dir PATH] [--second-listener PORT --second-advertised HOST:PORT] [--node-id N --cluster-id
 * ID --controller-ports P1,P2,P3]}
 *
 * <p>Without {@code --port} and {@code --log-dir}: a free port and a temporary directory deleted on
 * exit. With either: {@link EmbeddedKafka#startDurable} on that port (or a free one) and that
 * directory (or a temporary one, deleted on exit); started again on the same directory, it is the
 * same cluster with its topics and records. {@code --second-listener} adds a client listener on
 * another port that advertises {@code --second-advertised} (a proxy in front of it).
 *
 * <p>{@code --node-id}, {@code --cluster-id} and {@code --controller-ports} (one per node, in node
 * order) make it node N of a cluster of several, each its own process ({@link
 * EmbeddedKafka#startClusterNode}); they need {@code --port} and go together. The address is
 * written once every node has registered and the contract topics exist.
 */
public final class EmbeddedKafkaMain {

  private EmbeddedKafkaMain() {}

  public static void main(String[] args) throws Exception {
    int partitions = EmbeddedKafka.DEFAULT_PARTITIONS;
    Path bootstrapFile = null;
    int port = 0;
    Path logDir = null;
    int secondPort = 0;
    String secondAdvertised = null;
    int nodeId = 0;
    String clusterId = null;
    List<Integer> controllerPorts = List.of();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--partitions" -> partitions = Integer.parseInt(valueOf(args, ++i, "--partitions"));
        case "--bootstrap-file" -> bootstrapFile = Path.of(valueOf(args, ++i, "--bootstrap-file"));
        case "--port" -> port = Integer.parseInt(valueOf(args, ++i, "--port"));
        case "--log-dir" -> logDir = Path.of(valueOf(args, ++i, "--log-dir"));
        case "--second-listener" ->
            secondPort = Integer.parseInt(valueOf(args, ++i, "--second-listener"));
        case "--second-advertised" -> secondAdvertised = valueOf(args, ++i, "--second-advertised");
        case "--node-id" -> nodeId = Integer.parseInt(valueOf(args, ++i, "--node-id"));
        case "--cluster-id" -> clusterId = valueOf(args, ++i, "--cluster-id");
        case "--controller-ports" ->
            controllerPorts =
                Arrays.stream(valueOf(args, ++i, "--controller-ports").split(","))
                    .map(String::trim)
                    .map(Integer::valueOf)
                    .toList();
        default -> usage("unknown argument: " + args[i]);
      }
    }
    if ((secondPort == 0) != (secondAdvertised == null)) {
      usage("--second-listener and --second-advertised go together");
    }
    boolean clusterNode = nodeId != 0 || clusterId != null || !controllerPorts.isEmpty();
    if (clusterNode && (nodeId == 0 || clusterId == null || controllerPorts.isEmpty())) {
      usage("--node-id, --cluster-id and --controller-ports go together");
    }
    if (clusterNode && (port == 0 || secondPort != 0)) {
      usage("a cluster node needs --port, and takes no second listener");
    }

    boolean durable = port != 0 || logDir != null || secondPort != 0;
    Path temporary = durable && logDir == null ? Files.createTempDirectory("kafka-") : null;
    EmbeddedKafka kafka =
        clusterNode
            ? EmbeddedKafka.startClusterNode(
                partitions,
                port,
                logDir == null ? temporary : logDir,
                new EmbeddedKafka.ClusterNode(nodeId, clusterId, controllerPorts))
            : durable
                ? EmbeddedKafka.startDurable(
                    partitions,
                    port == 0 ? freePort() : port,
                    logDir == null ? temporary : logDir,
                    secondPort == 0
                        ? Optional.empty()
                        : Optional.of(
                            new EmbeddedKafka.SecondListener(secondPort, secondAdvertised)))
                : EmbeddedKafka.start(partitions);
    CountDownLatch stopped = new CountDownLatch(1);
    Path fileToRemove = bootstrapFile;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  kafka.close();
                  deleteQuietly(fileToRemove);
                  deleteTreeQuietly(temporary);
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

  private static void usage(String problem) {
    System.err.println(
        problem
            + "\nusage: embedded-kafka [--partitions N] [--bootstrap-file PATH] [--port N]"
            + " [--log-dir PATH] [--second-listener PORT --second-advertised HOST:PORT]"
            + " [--node-id N --cluster-id ID --controller-ports P1,P2,P3]");
    System.exit(2);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void deleteTreeQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(EmbeddedKafkaMain::deleteQuietly);
    } catch (IOException ignored) {
      // the process is exiting; a temporary directory left behind is harmless
    }
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

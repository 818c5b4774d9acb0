package io.hybridfailover.devstack.world;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Starts the processes of the local world from their packaged applications: the broker, and each
 * service with its {@code config/application.properties} written next to its log.
 *
 * @param root the repository root (the packaged applications are under it)
 * @param work where each process gets its directory
 * @param bootstrap the broker every service talks to, unless its config says otherwise
 */
record ServiceLauncher(
    Path root, Path work, String bootstrap, ServiceConfigs configs, Consumer<String> progress) {

  /** The embedded broker as process {@code name}, started with {@code options} in {@code dir}. */
  static ManagedProcess startBroker(Path root, Path dir, String name, List<String> options)
      throws IOException {
    return startBroker(root, dir, name, List.of("-Xmx512m"), options);
  }

  /** As above, the JVM started with {@code jvmOptions}. */
  static ManagedProcess startBroker(
      Path root, Path dir, String name, List<String> jvmOptions, List<String> options)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ManagedProcess.java());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(brokerJar(root).toString());
    command.addAll(options);
    return ManagedProcess.start(name, command, dir, Map.of());
  }

  /**
   * Writes the configuration of service {@code name} (of {@code module}) and starts it on HTTP port
   * {@code port}; {@code config} is laid over the catalog and the broker address.
   */
  ManagedProcess start(
      String module, String name, Map<String, String> config, Map<String, String> env, int port)
      throws IOException {
    Path dir = work.resolve(name);
    Files.createDirectories(dir.resolve("config"));
    Map<String, String> all = new LinkedHashMap<>();
    all.put("quarkus.http.host", "127.0.0.1");
    all.put("quarkus.http.port", String.valueOf(port));
    all.put("kafka.bootstrap.servers", bootstrap);
    all.putAll(configs.catalog(name));
    all.putAll(config);
    // Quarkus reads config/application.properties in the working directory: one file per process,
    // readable afterwards next to its log.
    StringBuilder properties = new StringBuilder("# written by ./demo for " + name + "\n");
    all.forEach((key, value) -> properties.append(key).append('=').append(value).append('\n'));
    Files.writeString(
        dir.resolve("config").resolve("application.properties"),
        properties,
        StandardCharsets.UTF_8);
    progress.accept("starting " + name + " (" + module + ", http port " + port + ")");
    return ManagedProcess.start(
        name,
        List.of(
            ManagedProcess.java(),
            "-Xmx256m",
            "-XX:+UseSerialGC",
            // Seven JVMs share this machine: quick start-up beats peak speed here.
            "-XX:TieredStopAtLevel=1",
            // As deploy/ sets it: the classes the first failover loads must not push class
            // metadata past the default ~21 MB threshold, a full GC (~100-230 ms measured
            // in the middle of the outage drill's failover, in both actuators).
            "-XX:MetaspaceSize=128m",
            // Each pause beside the process's log (the drills report the deciders' longest).
            DeciderStrain.gcLogOption(),
            "-Dquarkus.http.port=" + port,
            "-jar",
            appJar(root, module).toString()),
        dir,
        configs.environment(module, env));
  }

  static Path brokerJar(Path root) {
    return root.resolve("embedded-kafka/target/embedded-kafka-0.1.0-SNAPSHOT.jar");
  }

  static Path appJar(Path root, String module) {
    return root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
  }
}

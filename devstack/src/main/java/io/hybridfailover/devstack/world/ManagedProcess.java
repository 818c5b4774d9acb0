package io.hybridfailover.devstack.world;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A process the local world started, with its output in a log file. Closing it stops it and
 * everything it started: SIGTERM first (services shut down cleanly), then SIGKILL.
 */
final class ManagedProcess implements AutoCloseable {

  private static final long GRACE_SECONDS = 10;

  private final String name;
  private final Process process;
  private final Path log;

  private ManagedProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  static ManagedProcess start(
      String name, List<String> command, Path workDir, Map<String, String> env) throws IOException {
    Files.createDirectories(workDir);
    Path log = workDir.resolve(name + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    return new ManagedProcess(name, builder.start(), log);
  }

  /** {@code java} of this JVM, so every process of the world runs on the same runtime. */
  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  String name() {
    return name;
  }

  Path log() {
    return log;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL, as when a node dies: no shutdown hooks, no goodbye. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(GRACE_SECONDS, TimeUnit.SECONDS);
  }

  /** SIGTERM, without waiting. */
  void requestStop() {
    process.destroy();
  }

  @Override
  public void close() {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(GRACE_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(GRACE_SECONDS, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    children.forEach(ProcessHandle::destroyForcibly);
  }
}

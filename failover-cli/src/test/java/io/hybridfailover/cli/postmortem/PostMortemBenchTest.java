package io.hybridfailover.cli.postmortem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.events.Check;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.EventCodec;
import io.hybridfailover.events.Observation;
import io.hybridfailover.events.Outcome;
import io.hybridfailover.events.RecordKeys;
import io.hybridfailover.kafka.embedded.EmbeddedKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * How long export and report take for a fleet probed every second, and that they stream: run with
 * {@code ./mvnw -pl failover-cli -am test -Dtest=PostMortemBenchTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dpostmortem.bench=true -Dpostmortem.bench.minutes=30
 * -DargLine=-Xmx768m} (200 services, 2 clusters, 3 probers: 1,200 observations per second of
 * incident; every tenth service has a 3-minute desktop outage). Prints the figures; checks that
 * every record was exported and the report written. Off by default: it takes minutes.
 */
@EnabledIfSystemProperty(named = "postmortem.bench", matches = "true")
class PostMortemBenchTest {

  private static final int SERVICES = Integer.getInteger("postmortem.bench.services", 200);
  private static final int MINUTES = Integer.getInteger("postmortem.bench.minutes", 10);

  @TempDir Path dir;

  @Test
  void exportAndReportAFleetProbedEverySecond() throws Exception {
    Instant base =
        Instant.now().minus(Duration.ofMinutes(MINUTES + 5L)).truncatedTo(ChronoUnit.SECONDS);
    Instant endOfData = base.plus(Duration.ofMinutes(MINUTES));
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      // An incident written at chosen past times: the topics take the producer's timestamps.
      kafka.useProducerTimestamps();
      long begin = System.nanoTime();
      produce(kafka.bootstrapServers(), base);
      // What the broker holds (a retried send may have been written twice): all in the window.
      long produced = recordsIn(kafka);
      double produceSeconds = (System.nanoTime() - begin) / 1e9;

      Path events = dir.resolve("events.jsonl");
      StringWriter err = new StringWriter();
      begin = System.nanoTime();
      int exported =
          new CommandLine(new ExportCommand())
              .setErr(new PrintWriter(err, true))
              .execute(
                  "--bootstrap",
                  kafka.bootstrapServers(),
                  "--from",
                  base.toString(),
                  "--to",
                  endOfData.toString(),
                  "--output",
                  events.toString());
      double exportSeconds = (System.nanoTime() - begin) / 1e9;
      assertEquals(0, exported, err.toString());
      long lines;
      try (var stream = Files.lines(events)) {
        lines = stream.count();
      }
      assertEquals(produced, lines, "every record in the window exported");
      String keep = System.getProperty("postmortem.bench.keep");
      if (keep != null) {
        // To run bin/hybrid on it afterwards, e.g. with a small heap.
        Files.copy(events, Path.of(keep), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }

      Path config = dir.resolve("decider.properties");
      Files.writeString(config, "hybrid.decider.expected-probers=3\n");
      Path html = dir.resolve("report.html");
      begin = System.nanoTime();
      int reported =
          new CommandLine(new ReportCommand())
              .setErr(new PrintWriter(err, true))
              .execute(
                  "--input",
                  events.toString(),
                  "--config",
                  config.toString(),
                  "--what-if",
                  "failback-delay=60s",
                  "--output",
                  html.toString());
      double reportSeconds = (System.nanoTime() - begin) / 1e9;
      assertEquals(0, reported, err.toString());
      assertTrue(Files.size(html) > 0);

      System.out.printf(
          Locale.ROOT,
          "post-mortem bench: %d services, %d min, %d records (%.0f MB); produce %.1f s,"
              + " export %.1f s (%.0f records/s), report %.1f s (%.0f records/s), report %.1f MB,"
              + " max heap %d MB%n",
          SERVICES,
          MINUTES,
          produced,
          Files.size(events) / 1e6,
          produceSeconds,
          exportSeconds,
          produced / exportSeconds,
          reportSeconds,
          produced / reportSeconds,
          Files.size(html) / 1e6,
          Runtime.getRuntime().maxMemory() / (1024 * 1024));
    }
  }

  private static long recordsIn(EmbeddedKafka kafka) throws Exception {
    long total = 0;
    try (var admin = kafka.admin()) {
      var partitions =
          new java.util.HashMap<
              org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec>();
      for (var topic : io.hybridfailover.events.Topics.contractTopics()) {
        for (int p = 0; p < EmbeddedKafka.DEFAULT_PARTITIONS; p++) {
          partitions.put(
              new org.apache.kafka.common.TopicPartition(topic.name(), p),
              org.apache.kafka.clients.admin.OffsetSpec.latest());
        }
      }
      for (var info : admin.listOffsets(partitions).all().get().values()) {
        total += info.offset();
      }
    }
    return total;
  }

  private static long produce(String bootstrap, Instant base) throws Exception {
    EventCodec codec = new EventCodec();
    long n = 0;
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.LINGER_MS_CONFIG,
                20,
                ProducerConfig.BATCH_SIZE_CONFIG,
                262_144,
                ProducerConfig.COMPRESSION_TYPE_CONFIG,
                "lz4"),
            new StringSerializer(),
            new ByteArraySerializer())) {
      for (int second = 0; second < MINUTES * 60; second++) {
        for (int s = 0; s < SERVICES; s++) {
          String service = "team-" + (s % 20) + "/app-" + s;
          boolean outage = s % 10 == 0 && second >= 120 && second < 300;
          for (Cluster cluster : Cluster.values()) {
            for (String prober : List.of("prober-gke-a", "prober-gke-b", "prober-ext")) {
              Instant at = base.plusSeconds(second).plusMillis(s % 1000);
              Outcome outcome = outage && cluster == Cluster.DESKTOP ? Outcome.DOWN : Outcome.UP;
              Event<Observation> event =
                  Event.of(
                      "/health-prober/" + prober,
                      new Observation(
                          service,
                          cluster,
                          Check.HTTP,
                          prober,
                          outcome,
                          12,
                          outcome == Outcome.DOWN ? "connect timeout after 1000 ms" : null,
                          "http://" + s + "/healthz",
                          at));
              producer.send(
                  new ProducerRecord<>(
                      event.type().topic(),
                      null,
                      at.toEpochMilli(),
                      RecordKeys.keyFor(event),
                      codec.encode(event)));
              if (++n % 100_000 == 0) {
                producer.flush();
              }
            }
          }
        }
      }
      producer.flush();
    }
    return n;
  }
}

package io.hybridfailover.deploy;

import io.hybridfailover.catalog.ServiceCatalog;
import io.hybridfailover.catalog.ServiceCatalogConfig;
import io.hybridfailover.cli.live.KafkaAccess;
import io.hybridfailover.decider.DeciderTopology;
import io.hybridfailover.decider.core.Decider;
import io.hybridfailover.decider.core.DeciderSettingsSet;
import io.hybridfailover.decider.core.Decision;
import io.hybridfailover.deploy.KafkaAcls.Acl;
import io.hybridfailover.deploy.ManifestRules.Expectations;
import io.hybridfailover.events.EventData;
import io.hybridfailover.events.EventType;
import io.hybridfailover.events.Topics;
import io.hybridfailover.kafka.embedded.EmbeddedKafka;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.processor.RecordContext;
import org.apache.kafka.streams.processor.TopicNameExtractor;

/** What the manifests must say, derived from the code and each service's configuration. */
final class DeployExpectations {

  /** The user for your alerting: reads observations and transitions, in its own groups. */
  static final String ALERTING_READER = "alerting-reader";

  /** The user of bin/hybrid's live commands and of its export, for the people on call. */
  static final String OPERATOR = "operator";

  /** Whoever reads the dead letters: Read on every .dlq topic, in its own groups. */
  static final String DLQ_READER = "dlq-reader";

  /** Each prober authenticates as itself: one KafkaUser (and Deployment) per prober. */
  static final List<String> PROBERS = List.of("prober-1", "prober-2", "prober-3");

  private DeployExpectations() {}

  static Path root() {
    return Path.of(System.getProperty("hybrid.root", "..")).toAbsolutePath().normalize();
  }

  static Expectations fromRepository() {
    Map<String, Set<Acl>> acls = new TreeMap<>();
    for (String service : new TreeSet<>(ManifestRules.SERVICES)) {
      if (service.equals("health-prober")) {
        PROBERS.forEach(prober -> acls.put(prober, aclsOf(service)));
      } else {
        acls.put(service, aclsOf(service));
      }
    }
    Set<Acl> dlq = new TreeSet<>();
    Topics.deadLetterTopics().forEach(t -> KafkaAcls.topic(dlq, t.name(), "Read", "Describe"));
    dlq.add(new Acl("group", DLQ_READER, "prefix", "Read"));
    acls.put(DLQ_READER, dlq);
    Set<Acl> alerting = new TreeSet<>();
    KafkaAcls.topic(alerting, Topics.OBSERVATIONS, "Read", "Describe");
    KafkaAcls.topic(alerting, Topics.TRANSITIONS, "Read", "Describe");
    alerting.add(new Acl("group", ALERTING_READER, "prefix", "Read"));
    acls.put(ALERTING_READER, alerting);
    acls.put(OPERATOR, operatorAcls());
    List<io.hybridfailover.events.TopicSpec> topics = new ArrayList<>(Topics.contractTopics());
    topics.addAll(Topics.deadLetterTopics());
    // The contract fixes no partition count: deploy/ uses the one every test runs against.
    return new Expectations(
        acls, topics, EmbeddedKafka.DEFAULT_PARTITIONS, 3, SecurityRules.grants(catalog()));
  }

  /** The service catalog deploy/service-catalog ships, read by the catalog's own code. */
  static ServiceCatalog catalog() {
    Map<String, Object> configMap =
        Kustomize.render(root().resolve("deploy/service-catalog")).objects().get(0);
    Properties props = new Properties();
    try {
      props.load(
          new java.io.StringReader(
              (String) Kustomize.path(configMap, "data", "application.properties")));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Map<String, String> values = new TreeMap<>();
    props.stringPropertyNames().forEach(k -> values.put(k, props.getProperty(k).trim()));
    return ServiceCatalog.load(
        new SmallRyeConfigBuilder()
            .withMapping(ServiceCatalogConfig.class)
            .withSources(new PropertiesConfigSource(values, "service-catalog", 100))
            .build());
  }

  /**
   * The operator: what the live commands read and write ({@link KafkaAccess}), plus Read and
   * Describe on all six contract topics for {@code hybrid export} (a post-mortem dump of every
   * topic, by assignment). Partitions are assigned, never joined: no group, no transactional id.
   */
  static Set<Acl> operatorAcls() {
    Set<Acl> acls = new TreeSet<>();
    KafkaAccess.reads().forEach(topic -> KafkaAcls.topic(acls, topic, "Read", "Describe"));
    Topics.contractTopics()
        .forEach(topic -> KafkaAcls.topic(acls, topic.name(), "Read", "Describe"));
    KafkaAccess.WRITES.forEach(topic -> KafkaAcls.topic(acls, topic, "Write", "Describe"));
    return acls;
  }

  /**
   * A service's production settings: its application.properties over the defaults of the shared
   * modules it depends on (an actuator's channels are set once in actuator-support), with the
   * references to literal settings resolved ({@code ${quarkus.application.name}}).
   */
  static Properties properties(String service) {
    Properties props = new Properties();
    if (dependsOn(service, "actuator-support")) {
      props.putAll(
          KafkaAcls.productionProperties(
              root()
                  .resolve("actuator-support/src/main/resources")
                  .resolve("META-INF/microprofile-config.properties")));
    }
    props.putAll(
        KafkaAcls.productionProperties(
            root().resolve(service).resolve("src/main/resources/application.properties")));
    return KafkaAcls.resolveLiterals(props);
  }

  private static boolean dependsOn(String service, String module) {
    try {
      return Files.readString(root().resolve(service).resolve("pom.xml"))
          .contains("<artifactId>" + module + "</artifactId>");
    } catch (IOException e) {
      throw new UncheckedIOException(service + "/pom.xml", e);
    }
  }

  /** The KafkaUser of a service is named after it, and so is the application. */
  static Set<Acl> aclsOf(String service) {
    Properties props = properties(service);
    if (!service.equals(props.getProperty("quarkus.application.name"))) {
      throw new IllegalStateException(service + ": quarkus.application.name is not " + service);
    }
    Set<Acl> acls = new TreeSet<>(KafkaAcls.forMessaging(props));
    if (props.getProperty("quarkus.kafka-streams.application-id") != null) {
      acls.addAll(
          KafkaAcls.forKafkaStreams(props, deciderTopology(), DeployExpectations::sinkTopics));
    }
    return acls;
  }

  /** The decider's production topology, built by its own code. */
  static TopologyDescription deciderTopology() {
    return DeciderTopology.build(
            new Decider(DeciderSettingsSet.fromProperties(Map.of())), state -> {}, "/deploy-check")
        .describe();
  }

  /**
   * The topics of a sink that picks its topic per record. {@code dead-letters}: its extractor is
   * asked for each input topic of its subtopology. {@code published}: each event goes to its type's
   * topic, and the events are those a {@link Decision} carries. Another dynamic sink fails here
   * until the checker learns it.
   */
  static Set<String> sinkTopics(TopologyDescription.Sink sink) {
    Set<String> topics = new TreeSet<>();
    switch (sink.name()) {
      case "dead-letters" -> {
        @SuppressWarnings("unchecked")
        TopicNameExtractor<Object, Object> extractor =
            (TopicNameExtractor<Object, Object>) sink.topicNameExtractor();
        for (String input : inputsOf(sink)) {
          topics.add(extractor.extract("shop/web", new byte[0], context(input)));
        }
      }
      case "published" -> {
        for (RecordComponent component : Decision.class.getRecordComponents()) {
          if (component.getGenericType() instanceof ParameterizedType type
              && type.getActualTypeArguments()[0] instanceof Class<?> data
              && EventData.class.isAssignableFrom(data)) {
            topics.add(EventType.of(data.asSubclass(EventData.class)).topic());
          }
        }
      }
      default -> throw new IllegalStateException("unknown dynamic sink " + sink.name());
    }
    return topics;
  }

  /**
   * The topics a sink's subtopology reads from outside: its internal topics (the ones the topology
   * also writes, such as the topic that routes inputs to their task) have no dead letters.
   */
  private static Set<String> inputsOf(TopologyDescription.Sink sink) {
    Set<String> inputs = new TreeSet<>();
    Set<String> written = new TreeSet<>();
    for (TopologyDescription.Subtopology sub : deciderTopology().subtopologies()) {
      sub.nodes().stream()
          .filter(n -> n instanceof TopologyDescription.Sink s && s.topic() != null)
          .forEach(n -> written.add(((TopologyDescription.Sink) n).topic()));
      if (sub.nodes().stream().anyMatch(n -> n.name().equals(sink.name()))) {
        sub.nodes().stream()
            .filter(n -> n instanceof TopologyDescription.Source)
            .forEach(n -> inputs.addAll(((TopologyDescription.Source) n).topicSet()));
      }
    }
    inputs.removeAll(written);
    return inputs;
  }

  private static RecordContext context(String topic) {
    return new RecordContext() {
      @Override
      public String topic() {
        return topic;
      }

      @Override
      public int partition() {
        return 0;
      }

      @Override
      public long offset() {
        return 0;
      }

      @Override
      public long timestamp() {
        return 0;
      }

      @Override
      public Headers headers() {
        return new RecordHeaders();
      }

      public byte[] sourceRawKey() {
        return null;
      }

      public byte[] sourceRawValue() {
        return null;
      }
    };
  }

  /** Every kustomization under deploy/ (components render through the overlays that use them). */
  static List<Path> kustomizations(Path deploy) throws java.io.IOException {
    try (Stream<Path> files = Files.walk(deploy)) {
      return files
          .filter(p -> p.getFileName().toString().equals("kustomization.yaml"))
          .map(Path::getParent)
          .filter(
              dir ->
                  !"Component"
                      .equals(Kustomize.load(dir.resolve("kustomization.yaml")).get(0).get("kind")))
          .sorted()
          .toList();
    }
  }
}

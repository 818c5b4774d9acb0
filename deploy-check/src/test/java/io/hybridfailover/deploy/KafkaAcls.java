package io.hybridfailover.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.TopologyDescription;

/**
 * The Kafka ACLs a service needs, derived from its configuration (and, for Kafka Streams, from its
 * topology), and the ACLs a Strimzi {@code KafkaUser} grants, in one comparable form.
 */
final class KafkaAcls {

  /** One allowed operation on one resource; {@code pattern} is literal or prefix. */
  record Acl(String type, String name, String pattern, String operation)
      implements Comparable<Acl> {
    @Override
    public int compareTo(Acl o) {
      return toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
      return type + ":" + name + ("prefix".equals(pattern) ? "*" : "") + ":" + operation;
    }
  }

  private static final Pattern CHANNEL =
      Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.([^.]+)\\.connector");

  /** What Kafka Streams does with the topics it owns: creates, validates, uses, purges them. */
  static final List<String> STREAMS_INTERNAL_TOPIC_OPERATIONS =
      List.of("Create", "Delete", "Describe", "DescribeConfigs", "Read", "Write");

  private KafkaAcls() {}

  /** A service's application.properties as the production profile sees it. */
  static Properties productionProperties(Path file) {
    Properties all = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      all.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException(file.toString(), e);
    }
    Properties prod = new Properties();
    all.stringPropertyNames().stream()
        .filter(key -> !key.startsWith("%"))
        .forEach(key -> prod.setProperty(key, all.getProperty(key).trim()));
    return prod;
  }

  /**
   * The settings with each {@code ${key}} whose key holds a literal value replaced by it, as
   * SmallRye Config expands them; a reference to an expression (an environment variable with a
   * default) stays.
   */
  static Properties resolveLiterals(Properties props) {
    Pattern reference = Pattern.compile("\\$\\{([^:}$]+)}");
    Properties resolved = new Properties();
    for (String key : props.stringPropertyNames()) {
      Matcher m = reference.matcher(props.getProperty(key));
      StringBuilder value = new StringBuilder();
      while (m.find()) {
        String target = props.getProperty(m.group(1));
        String replacement = target == null || target.contains("${") ? m.group() : target;
        m.appendReplacement(value, Matcher.quoteReplacement(replacement));
      }
      m.appendTail(value);
      resolved.setProperty(key, value.toString());
    }
    return resolved;
  }

  /**
   * The SmallRye Kafka connector's channels: an outgoing channel writes its topic; an incoming one
   * reads its topic in its consumer group and, with the dead-letter-queue failure strategy, writes
   * the dead-letter topic. Defaults are the connector's: the topic is the channel name, the group
   * the application name, the dead-letter topic {@code dead-letter-topic-<channel>}. A group named
   * per instance ({@code <fixed>${<expression>}}) needs the fixed part as a prefix.
   */
  static Set<Acl> forMessaging(Properties props) {
    Set<Acl> acls = new TreeSet<>();
    for (String key : props.stringPropertyNames()) {
      Matcher m = CHANNEL.matcher(key);
      if (!m.matches() || !"smallrye-kafka".equals(props.getProperty(key))) {
        continue;
      }
      String prefix = "mp.messaging." + m.group(1) + "." + m.group(2) + ".";
      String topic = literal(props, prefix + "topic", m.group(2));
      if (m.group(1).equals("outgoing")) {
        topic(acls, topic, "Write", "Describe");
      } else {
        topic(acls, topic, "Read", "Describe");
        String group = props.getProperty(prefix + "group.id");
        if (group != null && group.contains("${") && !group.startsWith("${")) {
          // A group per instance (e.g. traffic-switcher.${hybrid.actuation.instance-id}): the
          // fixed part before the expression is the prefix every instance's group starts with.
          acls.add(new Acl("group", group.substring(0, group.indexOf("${")), "prefix", "Read"));
        } else {
          group =
              literal(
                  props,
                  prefix + "group.id",
                  literal(
                      props, "kafka.group.id", literal(props, "quarkus.application.name", null)));
          acls.add(new Acl("group", group, "literal", "Read"));
        }
        if ("dead-letter-queue".equals(props.getProperty(prefix + "failure-strategy"))) {
          String dlq =
              literal(props, prefix + "dead-letter-queue.topic", "dead-letter-topic-" + m.group(2));
          topic(acls, dlq, "Write", "Describe");
        }
      }
    }
    return acls;
  }

  /**
   * A Kafka Streams application: reads the topology's source topics, writes its sink topics (a sink
   * that chooses its topic per record is resolved by {@code dynamicSink}), owns every internal
   * topic, its consumer group and, exactly-once, its transactional ids, all named after the
   * application id.
   */
  static Set<Acl> forKafkaStreams(
      Properties props,
      TopologyDescription topology,
      Function<TopologyDescription.Sink, Set<String>> dynamicSink) {
    String applicationId = literal(props, "quarkus.kafka-streams.application-id", null);
    Set<String> sources = new LinkedHashSet<>();
    Set<String> sinks = new LinkedHashSet<>();
    for (TopologyDescription.Subtopology sub : topology.subtopologies()) {
      for (TopologyDescription.Node node : sub.nodes()) {
        if (node instanceof TopologyDescription.Source source) {
          sources.addAll(source.topicSet());
        } else if (node instanceof TopologyDescription.Sink sink) {
          sinks.addAll(sink.topic() != null ? Set.of(sink.topic()) : dynamicSink.apply(sink));
        }
      }
    }
    // A topic the topology both writes and reads is a repartition topic: named
    // <application id>-<name> at run time, covered by the internal-topic prefix below.
    Set<String> internal = new TreeSet<>(sources);
    internal.retainAll(sinks);
    Set<Acl> acls = new TreeSet<>();
    sources.stream()
        .filter(t -> !internal.contains(t))
        .forEach(t -> topic(acls, t, "Read", "Describe"));
    sinks.stream()
        .filter(t -> !internal.contains(t))
        .forEach(t -> topic(acls, t, "Write", "Describe"));
    STREAMS_INTERNAL_TOPIC_OPERATIONS.forEach(
        op -> acls.add(new Acl("topic", applicationId, "prefix", op)));
    acls.add(new Acl("group", applicationId, "literal", "Read"));
    String guarantee = props.getProperty("kafka-streams.processing.guarantee", "at_least_once");
    if (guarantee.startsWith("exactly_once")) {
      acls.add(new Acl("transactionalId", applicationId, "prefix", "Describe"));
      acls.add(new Acl("transactionalId", applicationId, "prefix", "Write"));
    }
    return acls;
  }

  /** The topics the Quarkus Kafka Streams extension waits for before it starts the topology. */
  static Set<String> configuredStreamsTopics(Properties props) {
    return new TreeSet<>(
        Arrays.stream(literal(props, "quarkus.kafka-streams.topics", "").split(","))
            .map(String::trim)
            .filter(t -> !t.isEmpty())
            .toList());
  }

  /** What a Strimzi KafkaUser ({@code spec.authorization.acls}, simple authorization) allows. */
  static Set<Acl> ofKafkaUser(Map<String, Object> user) {
    Set<Acl> acls = new TreeSet<>();
    for (Object entry : Kustomize.list(Kustomize.path(user, "spec", "authorization", "acls"))) {
      Map<?, ?> rule = (Map<?, ?>) entry;
      Map<?, ?> resource = (Map<?, ?>) rule.get("resource");
      String type = (String) resource.get("type");
      String name = type.equals("cluster") ? "kafka-cluster" : (String) resource.get("name");
      String pattern = Optional.ofNullable((String) resource.get("patternType")).orElse("literal");
      if (rule.get("type") != null && !"allow".equals(rule.get("type"))) {
        throw new IllegalArgumentException("only allow rules are understood: " + rule);
      }
      for (Object op : Kustomize.list(rule.get("operations"))) {
        acls.add(new Acl(type, name, pattern, (String) op));
      }
      if (rule.get("operation") != null) {
        acls.add(new Acl(type, name, pattern, (String) rule.get("operation")));
      }
    }
    return acls;
  }

  static void topic(Set<Acl> acls, String topic, String... operations) {
    for (String op : operations) {
      acls.add(new Acl("topic", topic, "literal", op));
    }
  }

  private static String literal(Properties props, String key, String defaultValue) {
    String value = props.getProperty(key);
    if (value == null) {
      if (defaultValue == null) {
        throw new IllegalArgumentException(key + " is not set");
      }
      return defaultValue;
    }
    if (value.contains("${")) {
      throw new IllegalArgumentException(
          key + "=" + value + ": an expression, the ACLs cannot be derived from it");
    }
    return value;
  }
}

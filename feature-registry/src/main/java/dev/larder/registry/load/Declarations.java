package dev.larder.registry.load;

import dev.larder.proto.types.v1.Value;
import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.model.AggregationFunction;
import dev.larder.registry.model.BatchConfig;
import dev.larder.registry.model.JoinKey;
import dev.larder.registry.model.StreamConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What definitions files declare, as read, before the checks that span files. Each declaration
 * keeps its node, so a later check can say where a problem is. A value the reader could not use is
 * null, and a type it could not read is {@link ValueType#VALUE_TYPE_UNSPECIFIED}; either has been
 * reported already, and later checks skip it rather than report it again.
 */
final class Declarations {

  private Declarations() {}

  /** A name as written, with its node. */
  record Ref(String name, YamlNode node) {}

  /** One YAML document: one file, or one of several documents in a file. */
  record Document(
      String project,
      List<EntityDecl> entities,
      List<SourceDecl> sources,
      List<ViewDecl> views,
      List<ServiceDecl> services) {}

  /** Every declaration of one project, from all the documents that name it, in file order. */
  record ProjectDecl(
      String name,
      List<EntityDecl> entities,
      List<SourceDecl> sources,
      List<ViewDecl> views,
      List<ServiceDecl> services) {

    static ProjectDecl merge(String name, List<Document> documents) {
      return new ProjectDecl(
          name,
          documents.stream().flatMap(d -> d.entities().stream()).toList(),
          documents.stream().flatMap(d -> d.sources().stream()).toList(),
          documents.stream().flatMap(d -> d.views().stream()).toList(),
          documents.stream().flatMap(d -> d.services().stream()).toList());
    }
  }

  record EntityDecl(YamlNode node, String name, List<JoinKey> joinKeys, String description) {}

  /**
   * @param schema column to type, in declared order
   * @param stream null when absent or unreadable
   * @param batch null when absent or unreadable
   */
  record SourceDecl(
      YamlNode node,
      String name,
      String timestampField,
      String idField,
      Map<String, ValueType> schema,
      StreamConfig stream,
      BatchConfig batch,
      String description) {}

  /**
   * @param version null when unreadable
   */
  record ViewDecl(
      YamlNode node,
      String name,
      Integer version,
      List<Ref> entities,
      String source,
      Duration ttl,
      Duration freshnessSla,
      List<FeatureDecl> features,
      String description,
      String owner,
      Map<String, String> tags) {}

  /**
   * @param column the column it copies as written; null when absent
   * @param aggregation null when absent or unreadable
   * @param defaultValue null when absent or unreadable
   */
  record FeatureDecl(
      YamlNode node,
      String name,
      ValueType type,
      String column,
      AggregationDecl aggregation,
      Value defaultValue,
      String description) {

    /** Whether the feature gives a column or an aggregation, even one that could not be read. */
    boolean namesComputation() {
      return Stream.of("column", "aggregation")
          .anyMatch(k -> node.get(k).filter(n -> !n.isNull()).isPresent());
    }
  }

  /**
   * @param function null when unknown
   */
  record AggregationDecl(
      YamlNode node, AggregationFunction function, String column, Duration window) {}

  /**
   * @param features the references as written
   */
  record ServiceDecl(YamlNode node, String name, List<Ref> features, String description) {}
}

package dev.larder.registry.load;

import dev.larder.registry.load.Declarations.AggregationDecl;
import dev.larder.registry.load.Declarations.FeatureDecl;
import dev.larder.registry.load.Declarations.ProjectDecl;
import dev.larder.registry.load.Declarations.Ref;
import dev.larder.registry.load.Declarations.ServiceDecl;
import dev.larder.registry.load.Declarations.SourceDecl;
import dev.larder.registry.load.Declarations.ViewDecl;
import dev.larder.registry.model.Aggregation;
import dev.larder.registry.model.Entity;
import dev.larder.registry.model.Feature;
import dev.larder.registry.model.FeatureRef;
import dev.larder.registry.model.FeatureService;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.Project;
import dev.larder.registry.model.Source;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Builds the model of a project whose declarations passed every check: resolves views' join keys
 * from their entities, spells out the column a feature copies implicitly, and pins services'
 * references to the view versions declared.
 */
final class ProjectAssembler {

  private ProjectAssembler() {}

  /** Only for declarations without problems: every value is present and every name resolves. */
  static Project assemble(ProjectDecl p) {
    List<Entity> entities =
        p.entities().stream()
            .map(e -> new Entity(e.name(), e.joinKeys(), e.description()))
            .toList();
    Map<String, Entity> entityByName =
        entities.stream().collect(Collectors.toMap(Entity::name, Function.identity()));
    List<Source> sources = p.sources().stream().map(ProjectAssembler::source).toList();
    List<FeatureView> views = p.views().stream().map(v -> view(p.name(), v, entityByName)).toList();
    Map<String, FeatureView> viewByName =
        views.stream().collect(Collectors.toMap(FeatureView::name, Function.identity()));
    List<FeatureService> services = p.services().stream().map(s -> service(s, viewByName)).toList();
    return new Project(p.name(), entities, sources, views, services);
  }

  private static Source source(SourceDecl s) {
    return new Source(
        s.name(),
        s.timestampField(),
        s.idField(),
        s.schema(),
        s.stream(),
        s.batch(),
        s.description());
  }

  private static FeatureView view(String project, ViewDecl v, Map<String, Entity> entities) {
    List<String> entityNames = v.entities().stream().map(Ref::name).toList();
    return FeatureView.builder()
        .project(project)
        .name(v.name())
        .version(v.version())
        .entities(entityNames)
        .joinKeys(entityNames.stream().flatMap(e -> entities.get(e).joinKeys().stream()).toList())
        .source(v.source())
        .ttl(v.ttl())
        .freshnessSla(v.freshnessSla())
        .features(v.features().stream().map(f -> feature(f, v.source() != null)).toList())
        .description(v.description())
        .owner(v.owner())
        .tags(v.tags())
        .build();
  }

  private static Feature feature(FeatureDecl f, boolean hasSource) {
    AggregationDecl a = f.aggregation();
    String column = a == null && f.column() == null && hasSource ? f.name() : f.column();
    return new Feature(
        f.name(),
        f.type(),
        column,
        a == null ? null : new Aggregation(a.function(), a.column(), a.window()),
        f.defaultValue(),
        f.description());
  }

  private static FeatureService service(ServiceDecl s, Map<String, FeatureView> views) {
    List<FeatureRef> pinned =
        s.features().stream()
            .map(r -> FeatureRef.parse(r.name()))
            .map(r -> new FeatureRef(r.view(), views.get(r.view()).version(), r.feature()))
            .toList();
    return new FeatureService(s.name(), pinned, s.description());
  }
}

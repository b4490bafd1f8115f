package dev.larder.registry.model;

import dev.larder.registry.errors.UnknownProjectException;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The definitions a process works with: every project it knows. Immutable and thread-safe, so a
 * server can swap a whole catalog atomically when definitions change.
 */
public final class FeatureCatalog {

  private final Map<String, Project> projects;

  public FeatureCatalog(List<Project> projects) {
    Map<String, Project> map = new LinkedHashMap<>();
    for (Project p : projects) {
      if (map.put(p.name(), p) != null) {
        throw new IllegalArgumentException("project " + p.name() + " is given twice");
      }
    }
    this.projects = Collections.unmodifiableMap(map);
  }

  public Collection<Project> projects() {
    return projects.values();
  }

  /**
   * Returns a project by name; an empty or null name means the only project, when there is one.
   *
   * @throws UnknownProjectException naming the project, or saying a name is needed
   */
  public Project project(String name) {
    if (name == null || name.isEmpty()) {
      if (projects.size() == 1) {
        return projects.values().iterator().next();
      }
      throw new UnknownProjectException(
          projects.isEmpty()
              ? "no project is registered"
              : "the request names no project and this server holds "
                  + projects.size()
                  + " ("
                  + String.join(", ", projects.keySet())
                  + "); set \"project\"");
    }
    Project p = projects.get(name);
    if (p == null) {
      throw new UnknownProjectException(
          "unknown project '" + name + "' (known: " + String.join(", ", projects.keySet()) + ")");
    }
    return p;
  }
}

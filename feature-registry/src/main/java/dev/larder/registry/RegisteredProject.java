package dev.larder.registry;

import dev.larder.registry.model.Project;
import java.util.Objects;

/** A project's definitions as registered, and the revision they are. */
public record RegisteredProject(Project project, long revision) {
  public RegisteredProject {
    Objects.requireNonNull(project, "project");
  }
}

package dev.atelier.cli;

import dev.atelier.Studio;
import dev.atelier.model.ModelLibrary;
import dev.atelier.model.ModelLibrary.Installed;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code atelier models ...}: the installed models. */
@Command(
    name = "models",
    description = "List and verify installed models.",
    mixinStandardHelpOptions = true,
    subcommands = {ModelsCommand.ListCommand.class, ModelsCommand.VerifyCommand.class})
final class ModelsCommand {

  @ParentCommand AtelierCli root;

  /** {@code atelier models list}. */
  @Command(name = "list", description = "List installed models.", mixinStandardHelpOptions = true)
  static final class ListCommand implements Callable<Integer> {
    @ParentCommand ModelsCommand parent;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Studio studio = parent.root.startStudio()) {
        ModelLibrary library = parent.root.models(studio);
        List<Installed> models = library.list();
        if (models.isEmpty()) {
          out.println("No models installed (looked in " + library.roots() + ")");
        }
        for (Installed m : models) {
          out.printf(
              "%-24s %-16s %-10s %s%n",
              m.id(), m.manifest().kind(), m.manifest().license(), m.dir());
        }
        for (ModelLibrary.Broken b : library.broken()) {
          spec.commandLine().getErr().println("unreadable: " + b.dir() + ": " + b.reason());
        }
        return ExitCodes.OK;
      }
    }
  }

  /** {@code atelier models verify}. */
  @Command(
      name = "verify",
      description = "Check every file of the models against the SHA-256 in their model.json.",
      mixinStandardHelpOptions = true)
  static final class VerifyCommand implements Callable<Integer> {
    @ParentCommand ModelsCommand parent;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "MODEL", description = "Model ids, names or folders (default: all).")
    List<String> models;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Studio studio = parent.root.startStudio()) {
        ModelLibrary library = parent.root.models(studio);
        List<Installed> targets =
            models == null || models.isEmpty()
                ? library.list()
                : models.stream().map(library::find).toList();
        for (Installed m : targets) {
          m.manifest().verify(m.dir()); // throws with the file name on the first mismatch
          out.printf("%-24s ok (%d files)%n", m.id(), m.manifest().files().size());
        }
        return ExitCodes.OK;
      }
    }
  }
}

package dev.atelier.cli;

import dev.atelier.Studio;
import dev.atelier.catalog.Asset;
import dev.atelier.catalog.Generation;
import dev.atelier.catalog.ProvenanceEntry;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code atelier catalog ...}: look at the local catalog. */
@Command(
    name = "catalog",
    description = "Browse the local catalog.",
    mixinStandardHelpOptions = true,
    subcommands = {CatalogCommand.ListCommand.class, CatalogCommand.AssetsCommand.class})
final class CatalogCommand {

  @ParentCommand AtelierCli root;

  /** {@code atelier catalog list}. */
  @Command(
      name = "list",
      description = "List recent generations, newest first.",
      mixinStandardHelpOptions = true)
  static final class ListCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME =
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    @ParentCommand CatalogCommand parent;
    @Spec CommandSpec spec;

    @Mixin LimitOption limit;

    @Override
    public Integer call() {
      int max = limit.get();
      PrintWriter out = spec.commandLine().getOut();
      try (Studio studio = parent.root.startStudio()) {
        List<Generation> rows = studio.catalog().generations().recent(max);
        long total = studio.catalog().generations().count();
        if (rows.isEmpty()) {
          out.println("No generations yet in " + studio.dirs().catalogFile());
          return ExitCodes.OK;
        }
        out.printf(
            "%6s  %-16s  %-18s  %-11s  %8s  %s%n",
            "ID", "CREATED", "MODEL", "STATUS", "VARIANTS", "PROMPT");
        for (Generation g : rows) {
          out.printf(
              "%6d  %-16s  %-18s  %-11s  %8d  %s%n",
              g.id(),
              TIME.format(g.createdAt()),
              g.modelId(),
              g.status(),
              g.variantCount(),
              oneLine(g.prompt()));
        }
        out.printf(
            "%d of %d generation(s) in %s%n", rows.size(), total, studio.dirs().catalogFile());
        return ExitCodes.OK;
      }
    }

    private static String oneLine(String prompt) {
      String flat = prompt.replaceAll("\\s+", " ").strip();
      return flat.length() > 60 ? flat.substring(0, 59) + "…" : flat;
    }
  }

  /** {@code atelier catalog assets}: the ids {@code atelier sign} takes. */
  @Command(
      name = "assets",
      description = "List recent images (variants) with their ids, files and signatures.",
      mixinStandardHelpOptions = true)
  static final class AssetsCommand implements Callable<Integer> {

    @ParentCommand CatalogCommand parent;
    @Spec CommandSpec spec;

    @Mixin LimitOption limit;

    @Override
    public Integer call() {
      int max = limit.get();
      PrintWriter out = spec.commandLine().getOut();
      try (Studio studio = parent.root.startStudio()) {
        List<Asset> rows = studio.catalog().assets().recent(max);
        if (rows.isEmpty()) {
          out.println("No images yet in " + studio.dirs().catalogFile());
          return ExitCodes.OK;
        }
        out.printf(
            "%6s  %10s  %7s  %20s  %-24s  %s%n",
            "ID", "GENERATION", "VARIANT", "SEED", "SIGNED", "FILE");
        for (Asset a : rows) {
          Optional<ProvenanceEntry> signed = studio.catalog().provenance().latestFor(a.id());
          out.printf(
              "%6d  %10d  %7d  %20d  %-24s  %s%n",
              a.id(),
              a.generationId(),
              a.variantIndex(),
              a.seed(),
              signed.map(ProvenanceEntry::licenseId).orElse("-"),
              a.filePath() == null ? "-" : a.filePath());
        }
        return ExitCodes.OK;
      }
    }
  }
}

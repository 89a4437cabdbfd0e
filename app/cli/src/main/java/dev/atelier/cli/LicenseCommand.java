package dev.atelier.cli;

import dev.atelier.Studio;
import dev.atelier.catalog.CatalogException;
import dev.atelier.catalog.License;
import dev.atelier.license.Licenses;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code atelier license ...}: the license terms an image can carry. */
@Command(
    name = "license",
    description = "List the license terms images can carry and show one in full.",
    mixinStandardHelpOptions = true,
    subcommands = {LicenseCommand.ListCommand.class, LicenseCommand.ShowCommand.class})
final class LicenseCommand {

  @ParentCommand AtelierCli root;

  /** {@code atelier license list}. */
  @Command(
      name = "list",
      description = "List licenses with their permissions (built-in and your own).",
      mixinStandardHelpOptions = true)
  static final class ListCommand implements Callable<Integer> {
    @ParentCommand LicenseCommand parent;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Studio studio = parent.root.startStudio()) {
        List<License> licenses = studio.licenses().list();
        out.printf(
            "%-35s %-10s %-11s %-11s %-11s %-11s %s%n",
            "ID", "COMMERCIAL", "DERIVATIVES", "ATTRIBUTION", "SHARE-ALIKE", "AI TRAINING", "NAME");
        for (License l : licenses) {
          out.printf(
              "%-35s %-10s %-11s %-11s %-11s %-11s %s%n",
              l.id(),
              yesNo(l.commercialUse()),
              yesNo(l.derivatives()),
              l.attributionRequired() ? "required" : "no",
              yesNo(l.shareAlike()),
              l.aiTraining() ? "allowed" : "no",
              l.name());
        }
        out.printf(
            "%d license(s); details: atelier license show ID (--text for the full terms)%n",
            licenses.size());
        return ExitCodes.OK;
      }
    }
  }

  /** {@code atelier license show ID}. */
  @Command(
      name = "show",
      description = "Show a license: permissions, summary and terms hash (--text: full terms).",
      mixinStandardHelpOptions = true)
  static final class ShowCommand implements Callable<Integer> {
    @ParentCommand LicenseCommand parent;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "License id, e.g. CC-BY-4.0.")
    String id;

    @Option(names = "--text", description = "Also print the full terms.")
    boolean text;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Studio studio = parent.root.startStudio()) {
        License l = studio.licenses().require(id);
        if (!Licenses.verify(l, l.termsText())) {
          throw new CatalogException(
              "The catalog's text of "
                  + l.id()
                  + " does not match its terms hash "
                  + l.termsSha256()
                  + "; the catalog was changed outside Atelier.");
        }
        out.println(l.id() + "  " + l.name());
        out.println();
        out.printf("  %-16s %s%n", "Commercial use:", yesNo(l.commercialUse()));
        out.printf("  %-16s %s%n", "Derivatives:", yesNo(l.derivatives()));
        out.printf(
            "  %-16s %s%n", "Attribution:", l.attributionRequired() ? "required" : "not required");
        out.printf("  %-16s %s%n", "Share-alike:", yesNo(l.shareAlike()));
        out.printf("  %-16s %s%n", "AI training:", l.aiTraining() ? "allowed" : "not allowed");
        out.printf("  %-16s %s%n", "Kind:", l.builtIn() ? "built in" : "custom");
        out.printf("  %-16s %s%n", "Terms SHA-256:", l.termsSha256());
        out.println();
        for (String line : wrap(l.summary(), 76)) {
          out.println("  " + line);
        }
        if (text) {
          out.println();
          out.println(l.termsText());
        }
        return ExitCodes.OK;
      }
    }
  }

  private static String yesNo(boolean b) {
    return b ? "yes" : "no";
  }

  /** Splits {@code text} into lines of at most {@code width} characters at spaces. */
  static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.strip().split("\\s+")) {
      if (!line.isEmpty() && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (!line.isEmpty()) {
        line.append(' ');
      }
      line.append(word);
    }
    if (!line.isEmpty()) {
      lines.add(line.toString());
    }
    return lines;
  }
}

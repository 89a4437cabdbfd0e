package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Every command's {@code --help}: printed without picocli warnings (an unescaped {@code %} makes
 * one), and with no sentence cut over two description lines (picocli prints each element of a
 * description array on a line of its own).
 */
class HelpTextTest {

  /** A description line ends a sentence, a parenthesis, or introduces what follows. */
  private static final Pattern WHOLE_LINE = Pattern.compile(".*[.!?):]$");

  @Test
  void everyHelpPrintsWithoutWarnings() {
    List<List<String>> paths = new ArrayList<>();
    collect(new CommandLine(new AtelierCli()), new ArrayList<>(), paths);
    assertThat(paths).hasSizeGreaterThan(40);

    PrintStream systemErr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    List<String> failures = new ArrayList<>();
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      for (List<String> path : paths) {
        List<String> args = new ArrayList<>(path);
        args.add("--help");
        CliRun run = CliRun.of(null, "", args.toArray(String[]::new));
        String warnings = captured.toString(StandardCharsets.UTF_8);
        captured.reset();
        if (run.code() != 0 || !run.err().isEmpty() || !warnings.isEmpty()) {
          failures.add(String.join(" ", path) + ": " + run.err() + warnings);
        }
      }
    } finally {
      System.setErr(systemErr);
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void noDescriptionLineStopsMidSentence() {
    List<String> cut = new ArrayList<>();
    check(new CommandLine(new AtelierCli()).getCommandSpec(), cut);
    assertThat(cut).isEmpty();
  }

  @Test
  void collectionDeployShowsThePercentSign() {
    CliRun help = CliRun.of(null, "", "collection", "deploy", "--help");
    assertThat(help.out().replaceAll("\\s+", " ")).contains("(default 500 = 5%)");
  }

  private static void collect(CommandLine command, List<String> path, List<List<String>> paths) {
    paths.add(path);
    command
        .getSubcommands()
        .forEach(
            (name, sub) -> {
              if (!name.equals("help")) {
                List<String> next = new ArrayList<>(path);
                next.add(name);
                collect(sub, next, paths);
              }
            });
  }

  private static void check(CommandSpec spec, List<String> cut) {
    String where = spec.qualifiedName();
    lines(where, spec.usageMessage().description(), cut);
    for (ArgSpec arg : spec.args()) {
      lines(where + " " + arg.paramLabel(), arg.description(), cut);
    }
    spec.subcommands().values().forEach(sub -> check(sub.getCommandSpec(), cut));
  }

  private static void lines(String where, String[] description, List<String> cut) {
    for (String line : description) {
      if (!line.isBlank() && !WHOLE_LINE.matcher(line.replace("%n", "").strip()).matches()) {
        cut.add(where + ": \"" + line + "\"");
      }
    }
  }
}

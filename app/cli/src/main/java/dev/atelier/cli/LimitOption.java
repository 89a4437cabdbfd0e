package dev.atelier.cli;

import picocli.CommandLine.Option;

/** The {@code -n/--limit} option of the commands that list the newest rows of something. */
final class LimitOption {

  @Option(
      names = {"-n", "--limit"},
      defaultValue = "20",
      description = "How many to show (default ${DEFAULT-VALUE}).")
  int limit;

  /**
   * The limit given.
   *
   * @throws IllegalArgumentException when it is below 1
   */
  int get() {
    if (limit < 1) {
      throw new IllegalArgumentException("--limit must be at least 1, not " + limit);
    }
    return limit;
  }
}

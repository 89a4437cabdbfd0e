package dev.atelier.cli;

import dev.atelier.AppInfo;
import dev.atelier.Studio;
import dev.atelier.catalog.WalletAccount;
import dev.atelier.config.AppDirs;
import dev.atelier.diffusion.ModelLibrary;
import dev.atelier.engine.EngineInfo;
import dev.atelier.engine.RouteCheck;
import dev.atelier.io.Failures;
import dev.atelier.wallet.WalletException;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code atelier} command. Subcommands are thin: the work happens in core services. */
@Command(
    name = "atelier",
    mixinStandardHelpOptions = true,
    versionProvider = AtelierCli.Version.class,
    description = "Atelier: local image generation with signed provenance, from the command line.",
    subcommands = {
      GenerateCommand.class,
      BatchCommand.class,
      ModelsCommand.class,
      CatalogCommand.class,
      WalletCommand.class,
      LicenseCommand.class,
      SignCommand.class,
      VerifyCommand.class,
      ExportCarCommand.class,
      CollectionCommand.class,
      MintCommand.class,
      TrainCommand.class,
      BenchCommand.class,
      DevnetCommand.class,
      NetworkCommand.class,
      ConfigCommand.class,
      EngineCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 ok, 1 failure, 2 usage, 3 bad input, 4 not found, 5 catalog, 6 model,"
          + " 7 wallet, 8 unverified, 9 chain, 10 mint pending, 130 cancelled."
    })
public final class AtelierCli {

  @Option(
      names = "--home",
      scope = ScopeType.INHERIT,
      paramLabel = "DIR",
      description =
          "Keep settings, catalog and keys under DIR instead of the usual user folders"
              + " (same as ATELIER_HOME).")
  Path home;

  @Option(
      names = "--threads",
      scope = ScopeType.INHERIT,
      paramLabel = "N",
      description = "CPU threads for inference and training (default: all cores).")
  void threads(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("--threads must be at least 1");
    }
    EngineInfo.setThreads(n);
  }

  @Option(
      names = "--device",
      scope = ScopeType.INHERIT,
      paramLabel = "cpu|gpu[:N]",
      converter = EngineStartup.DeviceConverter.class,
      description =
          "Where generation runs: cpu, gpu (the first GPU) or gpu:N; overrides the saved choice."
              + " Without a usable GPU it runs on the CPU and says why.")
  dev.atelier.engine.DeviceChoice device;

  /** How long settling unfinished mints at the start of a command waits for each network. */
  private static final java.time.Duration START_RECOVERY_WAIT = java.time.Duration.ofSeconds(3);

  /**
   * Starts the studio core on the chosen folders and settles mints an earlier run left unfinished
   * (on networks that answer within 3 s); the caller closes it.
   */
  Studio startStudio() {
    Studio studio = Studio.start(dirs(), Clock.systemUTC());
    studio.settleUnfinishedMints(START_RECOVERY_WAIT);
    return studio;
  }

  /** The folders chosen by {@code --home}, {@code ATELIER_HOME} or the user's platform. */
  AppDirs dirs() {
    return home != null ? AppDirs.under(home) : AppDirs.forCurrentUser();
  }

  /** The model library: shipped models and the user's own. */
  ModelLibrary models(Studio studio) {
    return studio.generation().library();
  }

  private BufferedReader input;

  /**
   * Reads a secret: from the terminal without echo when there is one, else one line of standard
   * input (for scripts and tests). Never from the command line.
   */
  char[] secret(String prompt) {
    Console console = System.console();
    if (console != null && input == null) {
      char[] typed = console.readPassword("%s", prompt);
      if (typed == null) {
        throw new IllegalArgumentException("No input");
      }
      return typed;
    }
    try {
      BufferedReader in =
          input != null
              ? input
              : (input =
                  new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
      String line = in.readLine();
      if (line == null) {
        throw new IllegalArgumentException("Standard input ended before: " + prompt.strip());
      }
      return line.toCharArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Refuses lines on standard input beyond those a command has read, so that secrets given in the
   * wrong order or number are not taken for something else. Only input already at hand is looked at
   * (this never waits for more); blank trailing lines are allowed. At a terminal there is nothing
   * to check.
   *
   * @param expected what the command reads, for the message (no secret is ever repeated)
   * @throws IllegalArgumentException when a further line holds anything
   */
  void refuseFurtherInput(String expected) {
    if (input == null) {
      return;
    }
    try {
      int extra = 0;
      while (input.ready()) {
        String line = input.readLine();
        if (line == null) {
          break;
        }
        if (!line.isBlank()) {
          extra++;
        }
      }
      if (extra > 0) {
        throw new IllegalArgumentException(
            "Standard input has "
                + extra
                + " more line"
                + (extra == 1 ? "" : "s")
                + " than expected; it should hold "
                + expected
                + ", one a line. Nothing was stored.");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Asks a yes/no question on standard error and reads the answer (a line of standard input, or the
   * terminal): true only for {@code y} or {@code yes}.
   *
   * @throws IllegalArgumentException when there is nobody to answer (input ended)
   */
  boolean confirm(PrintWriter err, String question) {
    err.print(question + " [y/N] ");
    err.flush();
    try {
      Console console = System.console();
      String line;
      if (console != null && input == null) {
        line = console.readLine();
      } else {
        if (input == null) {
          input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        }
        line = input.readLine();
      }
      if (line == null) {
        throw new IllegalArgumentException(
            "No answer to \"" + question + "\" (standard input ended); pass --yes to go ahead");
      }
      String answer = line.strip().toLowerCase(java.util.Locale.ROOT);
      return answer.equals("y") || answer.equals("yes");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The wallet account a command acts as: {@code explicit} when given, else the only account.
   *
   * @throws dev.atelier.wallet.WalletException when there is none
   * @throws IllegalArgumentException when there are several and none was chosen
   */
  static String account(Studio studio, String explicit) {
    if (explicit != null) {
      return studio
          .wallet()
          .account(explicit)
          .map(WalletAccount::address)
          .orElseThrow(
              () ->
                  new WalletException(
                      WalletException.Reason.NOT_FOUND,
                      "No wallet account " + explicit + " (see: atelier wallet list)"));
    }
    List<WalletAccount> accounts = studio.wallet().accounts();
    if (accounts.isEmpty()) {
      throw new WalletException(
          WalletException.Reason.NOT_FOUND,
          "No wallet accounts yet: create one with atelier wallet create (or import)");
    }
    if (accounts.size() > 1) {
      throw new IllegalArgumentException(
          "Several wallet accounts; choose one with --account: "
              + String.join(", ", accounts.stream().map(WalletAccount::address).toList()));
    }
    return accounts.getFirst().address();
  }

  /** Entry point for the launcher. */
  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals(RouteCheck.LAUNCHER_ARGUMENT)) {
      // A packaged launcher started as the engine's separate check (RouteCheck): only that.
      RouteCheck.main(java.util.Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(run(out, err, args));
  }

  /** Runs one command line, writing to the given streams; returns the exit code. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return run(null, out, err, args);
  }

  /** As above, reading secrets line by line from {@code in} (null: the terminal or stdin). */
  public static int run(BufferedReader in, PrintWriter out, PrintWriter err, String... args) {
    AtelierCli app = new AtelierCli();
    app.input = in;
    CommandLine cli = new CommandLine(app);
    cli.setOut(out);
    cli.setErr(err);
    cli.setExitCodeExceptionMapper(new ExitCodes());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("atelier: " + message(e));
          MintHints.forFailure(e).ifPresent(h -> commandLine.getErr().println("  " + h));
          return ExitCodes.codeFor(e);
        });
    cli.setExecutionStrategy(
        parsed -> runWithEngine(app, parsed, () -> new CommandLine.RunLast().execute(parsed)));
    return cli.execute(args);
  }

  /** Runs the parsed command with the engine set up first ({@link EngineStartup}). */
  private static int runWithEngine(
      AtelierCli app, CommandLine.ParseResult parsed, java.util.concurrent.Callable<Integer> run) {
    try {
      return EngineStartup.around(parsed, app.dirs(), app.device, app.errOf(parsed), run);
    } catch (CommandLine.ExecutionException | CommandLine.ParameterException e) {
      throw e;
    } catch (Exception e) {
      throw new CommandLine.ExecutionException(
          parsed.commandSpec().commandLine(), e.getMessage(), e);
    }
  }

  private PrintWriter errOf(CommandLine.ParseResult parsed) {
    return parsed.commandSpec().commandLine().getErr();
  }

  private static String message(Throwable e) {
    return Failures.describe(e);
  }

  /** Prints the build version. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "atelier " + AppInfo.version(), "Java " + Runtime.version() + ", " + osLine()
      };
    }

    private static String osLine() {
      return System.getProperty("os.name") + " " + System.getProperty("os.arch");
    }
  }
}

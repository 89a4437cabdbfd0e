package dev.atelier.cli;

import dev.atelier.Studio;
import dev.atelier.chain.JsonRpc;
import dev.atelier.chain.Networks;
import dev.atelier.config.Settings;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code atelier config ...}: the settings a user may set from the command line, by their key in
 * the settings file. Only known keys are accepted, and each value is checked as the studio checks
 * it; the network list has its own command ({@code atelier network}).
 */
@Command(
    name = "config",
    description = "Show and change settings (the IPFS node to pin to, wallet auto-lock, ...).",
    mixinStandardHelpOptions = true,
    subcommands = {
      ConfigCommand.ListCommand.class,
      ConfigCommand.GetCommand.class,
      ConfigCommand.SetCommand.class,
      ConfigCommand.UnsetCommand.class
    },
    footer = {
      "",
      "Keys:",
      "  ipfs.api-url: the IPFS API to pin to, e.g. http://127.0.0.1:5001 (Kubo).",
      "      Unset: nothing is pinned.",
      "  wallet.auto-lock-minutes: idle minutes before an unlocked account locks.",
      "  ui.theme: the studio's theme (light, dark or one of yours).",
      "  chain.devnet.autostart: true: the studio starts the local devnet.",
      "      Set by `atelier devnet start`, cleared by `atelier devnet stop`."
    })
final class ConfigCommand {

  @ParentCommand AtelierCli root;

  /** A setting the command line knows: how to show it, check and set it, and unset it. */
  record Key(
      String name,
      Function<Settings, String> show,
      BiConsumer<Settings, String> set,
      Consumer<Settings> unset) {}

  static final List<Key> KEYS =
      List.of(
          new Key(
              Settings.IPFS_API_URL,
              // A pinning gateway's URL may carry a token: shown like an RPC URL.
              s -> s.ipfsApiUrl().map(JsonRpc::redact).orElse(""),
              Settings::setIpfsApiUrl,
              s -> s.remove(Settings.IPFS_API_URL)),
          new Key(
              Settings.WALLET_AUTO_LOCK,
              s -> Long.toString(s.walletAutoLock().toMinutes()),
              (s, v) -> s.setWalletAutoLock(Duration.ofMinutes(wholeNumber(v))),
              s -> s.remove(Settings.WALLET_AUTO_LOCK)),
          new Key(
              Settings.THEME,
              Settings::theme,
              (s, v) -> {
                if (v.isBlank()) {
                  throw new IllegalArgumentException("A theme has a name");
                }
                s.setTheme(v.strip());
              },
              s -> s.remove(Settings.THEME)),
          new Key(
              Settings.DEVNET_AUTOSTART,
              s -> Boolean.toString(s.devnetAutostart()),
              (s, v) -> s.setDevnetAutostart(trueOrFalse(v)),
              s -> s.remove(Settings.DEVNET_AUTOSTART)));

  static Key key(String name) {
    if (name.equals(Networks.SETTINGS_KEY)) {
      throw new IllegalArgumentException("Networks are changed with: atelier network add|remove");
    }
    return KEYS.stream()
        .filter(k -> k.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "Unknown setting "
                        + name
                        + "; known: "
                        + KEYS.stream().map(Key::name).collect(Collectors.joining(", "))));
  }

  private static long wholeNumber(String value) {
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Expected a whole number of minutes, not " + value);
    }
  }

  private static boolean trueOrFalse(String value) {
    return switch (value.strip()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("Expected true or false, not " + value);
    };
  }

  /** {@code atelier config list}. */
  @Command(
      name = "list",
      description = "Show every known setting and its value.",
      mixinStandardHelpOptions = true)
  static final class ListCommand implements Callable<Integer> {
    @ParentCommand ConfigCommand parent;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Studio studio = parent.root.startStudio()) {
        for (Key k : KEYS) {
          String value = k.show().apply(studio.settings());
          out.printf("%-26s %s%n", k.name(), value.isEmpty() ? "(not set)" : value);
        }
        return ExitCodes.OK;
      }
    }
  }

  /** {@code atelier config get KEY}. */
  @Command(
      name = "get",
      description =
          "Print one setting's value (an empty line when it is not set); a URL is shown without"
              + " its path, query or user name, where tokens go.",
      mixinStandardHelpOptions = true)
  static final class GetCommand implements Callable<Integer> {
    @ParentCommand ConfigCommand parent;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "KEY")
    String key;

    @Override
    public Integer call() {
      Key k = key(key);
      try (Studio studio = parent.root.startStudio()) {
        spec.commandLine().getOut().println(k.show().apply(studio.settings()));
        return ExitCodes.OK;
      }
    }
  }

  /** {@code atelier config set KEY VALUE}. */
  @Command(
      name = "set",
      description = "Change one setting; the value is checked first.",
      mixinStandardHelpOptions = true)
  static final class SetCommand implements Callable<Integer> {
    @ParentCommand ConfigCommand parent;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "KEY")
    String key;

    @Parameters(index = "1", paramLabel = "VALUE")
    String value;

    @Override
    public Integer call() {
      Key k = key(key);
      try (Studio studio = parent.root.startStudio()) {
        k.set().accept(studio.settings(), value);
        spec.commandLine().getOut().println(k.name() + " = " + k.show().apply(studio.settings()));
        return ExitCodes.OK;
      }
    }
  }

  /** {@code atelier config unset KEY}. */
  @Command(
      name = "unset",
      description = "Return one setting to its default.",
      mixinStandardHelpOptions = true)
  static final class UnsetCommand implements Callable<Integer> {
    @ParentCommand ConfigCommand parent;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "KEY")
    String key;

    @Override
    public Integer call() {
      Key k = key(key);
      try (Studio studio = parent.root.startStudio()) {
        k.unset().accept(studio.settings());
        String shown = k.show().apply(studio.settings());
        spec.commandLine()
            .getOut()
            .println(k.name() + (shown.isEmpty() ? " is not set" : " = " + shown + " (default)"));
        return ExitCodes.OK;
      }
    }
  }
}

package dev.atelier.cli;

import dev.atelier.Studio;
import dev.atelier.chain.ChainException;
import dev.atelier.chain.ChainException.Reason;
import dev.atelier.chain.JsonRpc;
import dev.atelier.chain.Network;
import dev.atelier.config.SavedNetworks;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code atelier network ...}: the networks Atelier can mint on, each a name, a chain id and an RPC
 * URL. URLs are shown as scheme, host and port only, since providers put API keys in the rest.
 */
@Command(
    name = "network",
    description = "List, add and remove the networks to mint on (name, chain id, RPC URL).",
    mixinStandardHelpOptions = true,
    subcommands = {
      NetworkCommand.ListCommand.class,
      NetworkCommand.AddCommand.class,
      NetworkCommand.RemoveCommand.class
    })
final class NetworkCommand {

  @ParentCommand AtelierCli root;

  /** Refuses changes by hand to the devnet's entry, which {@code atelier devnet} keeps. */
  static void refuseLocalDevnet(String name) {
    if (name.strip().equals(Network.LOCAL_DEVNET)) {
      throw new IllegalArgumentException(
          "The \"" + Network.LOCAL_DEVNET + "\" entry is kept by: atelier devnet start");
    }
  }

  /** {@code atelier network list}. */
  @Command(
      name = "list",
      description = "List the networks: name, chain id, RPC URL (without keys).",
      mixinStandardHelpOptions = true)
  static final class ListCommand implements Callable<Integer> {
    @ParentCommand NetworkCommand parent;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Studio studio = parent.root.startStudio()) {
        SavedNetworks networks = studio.networks();
        for (Network n : networks.all()) {
          out.printf("%-16s %10d  %s%n", n.name(), n.chainId(), shownUrl(networks, n));
        }
        return ExitCodes.OK;
      }
    }
  }

  private static String shownUrl(SavedNetworks networks, Network n) {
    if (n.hasRpcUrl()) {
      return JsonRpc.redact(n.rpcUrl());
    }
    return networks
        .unreadableUrl(n.name())
        .map(why -> "(cannot be read, add it again) " + why)
        .orElse("(no RPC URL yet)");
  }

  /** {@code atelier network add NAME --chain-id N --rpc-url URL}. */
  @Command(
      name = "add",
      description =
          "Add a network, or set the RPC URL of one in the list; first checks that the URL"
              + " serves that chain id.",
      mixinStandardHelpOptions = true)
  static final class AddCommand implements Callable<Integer> {
    @ParentCommand NetworkCommand parent;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "What you call it, e.g. \"Base Sepolia\".")
    String name;

    @Option(
        names = "--chain-id",
        paramLabel = "N",
        description = "Its chain id; may be left out for a network already in the list.")
    Long chainId;

    @Option(
        names = "--rpc-url",
        required = true,
        paramLabel = "URL",
        description = "Its JSON-RPC URL (http or https; an API key in it is kept, never shown).")
    String rpcUrl;

    @Option(
        names = "--no-check",
        description = "Save without asking the URL for its chain id (e.g. while offline).")
    boolean noCheck;

    @Override
    public Integer call() {
      refuseLocalDevnet(name);
      PrintWriter out = spec.commandLine().getOut();
      try (Studio studio = parent.root.startStudio()) {
        SavedNetworks networks = studio.networks();
        Optional<Network> existing = networks.find(name);
        long id =
            chainId != null
                ? chainId
                : existing
                    .map(Network::chainId)
                    .orElseThrow(
                        () ->
                            new IllegalArgumentException(
                                "A new network needs its --chain-id (e.g. 84532 for Base"
                                    + " Sepolia)"));
        Network network = new Network(name, id, rpcUrl);
        JsonRpc rpc = new JsonRpc(network.rpcUrl(), Duration.ofSeconds(15));
        if (!noCheck) {
          check(rpc, id);
        }
        networks.put(network);
        out.println(
            (existing.isPresent() ? "Updated " : "Added ")
                + network.name()
                + ": chain id "
                + id
                + ", "
                + rpc.url()
                + (noCheck ? " (not checked)" : ""));
        return ExitCodes.OK;
      }
    }

    private static void check(JsonRpc rpc, long expected) {
      long actual;
      try {
        actual = rpc.chainId();
      } catch (ChainException e) {
        throw new ChainException(
            e.reason(),
            e.getMessage() + "; nothing was saved (--no-check saves it without asking)",
            e);
      }
      if (actual != expected) {
        throw new ChainException(
            Reason.WRONG_CHAIN,
            "RPC URL "
                + rpc.url()
                + " serves chain id "
                + actual
                + ", not "
                + expected
                + "; nothing was saved");
      }
    }
  }

  /** {@code atelier network remove NAME}. */
  @Command(
      name = "remove",
      description = "Remove a network from the list.",
      mixinStandardHelpOptions = true)
  static final class RemoveCommand implements Callable<Integer> {
    @ParentCommand NetworkCommand parent;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      refuseLocalDevnet(name);
      try (Studio studio = parent.root.startStudio()) {
        if (!studio.networks().remove(name)) {
          spec.commandLine()
              .getErr()
              .println(
                  "atelier: no network is called \"" + name + "\" (see: atelier network list)");
          return ExitCodes.NOT_FOUND;
        }
        spec.commandLine().getOut().println("Removed " + name.strip());
        return ExitCodes.OK;
      }
    }
  }
}

package dev.atelier.cli;

import dev.atelier.Studio;
import dev.atelier.catalog.WalletAccount;
import dev.atelier.chain.Devnet;
import dev.atelier.chain.DevnetFaucet;
import dev.atelier.chain.LocalDevnet;
import dev.atelier.chain.LocalDevnet.Mode;
import dev.atelier.chain.LocalDevnet.Node;
import dev.atelier.ethereum.Ether;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code atelier devnet ...}: the local devnet, an Anvil node on this machine whose chain Atelier
 * keeps in its data folder. {@code start} leaves it running after the command ends (the studio
 * attaches to it); {@code stop} stops it and keeps its chain for the next start.
 */
@Command(
    name = "devnet",
    description = "Start, stop and fund the local devnet (an Anvil node kept by Atelier).",
    mixinStandardHelpOptions = true,
    subcommands = {
      DevnetCommand.StartCommand.class,
      DevnetCommand.StopCommand.class,
      DevnetCommand.StatusCommand.class,
      DevnetCommand.FundCommand.class
    })
final class DevnetCommand {

  @ParentCommand AtelierCli root;

  static final String NOT_RUNNING =
      "the local devnet is not running; start it with: atelier devnet start";

  /** {@code atelier devnet start}. */
  @Command(
      name = "start",
      description =
          "Start the local devnet (or find it running) and leave it running; prints its RPC URL.",
      mixinStandardHelpOptions = true)
  static final class StartCommand implements Callable<Integer> {
    @ParentCommand DevnetCommand parent;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Studio studio = parent.root.startStudio()) {
        LocalDevnet devnet = studio.devnet();
        boolean wasRunning = devnet.running().isPresent();
        Node node = devnet.start(Mode.DETACHED);
        out.println(
            (wasRunning ? "Local devnet already running on " : "Local devnet running on ")
                + node.rpcUrl()
                + " (chain id "
                + Devnet.CHAIN_ID
                + ", pid "
                + node.pid()
                + ")");
        out.println("Its chain is kept in " + devnet.stateFile());
        out.println("It runs until: atelier devnet stop");
        return ExitCodes.OK;
      }
    }
  }

  /** {@code atelier devnet stop}. */
  @Command(
      name = "stop",
      description = "Stop the local devnet; its chain is kept for the next start.",
      mixinStandardHelpOptions = true)
  static final class StopCommand implements Callable<Integer> {
    @ParentCommand DevnetCommand parent;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Studio studio = parent.root.startStudio()) {
        LocalDevnet devnet = studio.devnet();
        if (devnet.stop()) {
          out.println("Local devnet stopped; its chain is kept in " + devnet.stateFile());
        } else {
          out.println("The local devnet was not running");
        }
        return ExitCodes.OK;
      }
    }
  }

  /** {@code atelier devnet status}. */
  @Command(
      name = "status",
      description = "Whether the local devnet runs, its RPC URL and latest block.",
      mixinStandardHelpOptions = true)
  static final class StatusCommand implements Callable<Integer> {
    @ParentCommand DevnetCommand parent;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Studio studio = parent.root.startStudio()) {
        LocalDevnet devnet = studio.devnet();
        Optional<Node> node = devnet.running();
        if (node.isEmpty()) {
          out.println("Local devnet: not running (start it with: atelier devnet start)");
        } else {
          out.println("Local devnet: running");
          out.println("RPC URL:  " + node.get().rpcUrl());
          out.println("Chain id: " + Devnet.CHAIN_ID);
          out.println("Block:    " + devnet.rpc().blockNumber());
          out.println("Pid:      " + node.get().pid() + ", since " + node.get().startedAt());
        }
        out.println(
            "Chain:    "
                + devnet.stateFile()
                + (Files.exists(devnet.stateFile()) ? "" : " (not written yet)"));
        return ExitCodes.OK;
      }
    }
  }

  /** {@code atelier devnet fund [ADDRESS] [--eth N]}. */
  @Command(
      name = "fund",
      description =
          "Give an address test ether on the local devnet (default: your only wallet account).",
      mixinStandardHelpOptions = true)
  static final class FundCommand implements Callable<Integer> {
    @ParentCommand DevnetCommand parent;
    @Spec CommandSpec spec;

    @Parameters(
        paramLabel = "ADDRESS",
        arity = "0..1",
        description = "The address to fund; may be left out when the wallet has one account.")
    String address;

    @Option(
        names = "--eth",
        paramLabel = "N",
        defaultValue = "" + DevnetFaucet.DEFAULT_FUNDING_ETHER,
        description = "How much ether to add (default ${DEFAULT-VALUE}).")
    BigDecimal eth;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      BigInteger wei = weiOf(eth);
      try (Studio studio = parent.root.startStudio()) {
        LocalDevnet devnet = studio.devnet();
        String to = address != null ? address : onlyAccount(studio.wallet().accounts());
        if (devnet.running().isEmpty()) {
          spec.commandLine().getErr().println("atelier: " + NOT_RUNNING);
          return ExitCodes.FAILURE;
        }
        BigInteger balance = devnet.faucet().fund(to, wei);
        out.println(
            "Funded "
                + to
                + " with "
                + Ether.format(wei)
                + "; balance now "
                + Ether.format(balance));
        return ExitCodes.OK;
      }
    }

    private static BigInteger weiOf(BigDecimal eth) {
      if (eth.signum() <= 0) {
        throw new IllegalArgumentException("--eth must be more than 0");
      }
      try {
        return Ether.toWei(eth);
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException("--eth has more than 18 decimals");
      }
    }

    private static String onlyAccount(List<WalletAccount> accounts) {
      if (accounts.isEmpty()) {
        throw new IllegalArgumentException(
            "The wallet has no account yet: name an ADDRESS, or create one with: atelier wallet"
                + " create");
      }
      if (accounts.size() > 1) {
        throw new IllegalArgumentException(
            "The wallet has "
                + accounts.size()
                + " accounts: name the ADDRESS to fund (see: atelier wallet list)");
      }
      return accounts.getFirst().address();
    }
  }
}

package dev.atelier.cli;

import dev.atelier.Studio;
import dev.atelier.catalog.CollectionEntry;
import dev.atelier.chain.PreparedTransaction;
import dev.atelier.chain.Transactions;
import dev.atelier.wallet.UnlockedAccount;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code atelier collection ...}: the ERC-721 collection contracts assets are minted into. */
@Command(
    name = "collection",
    description = "Deploy, import and list your collection contracts.",
    mixinStandardHelpOptions = true,
    subcommands = {
      CollectionCommand.Deploy.class,
      CollectionCommand.ImportCommand.class,
      CollectionCommand.ListCommand.class
    })
final class CollectionCommand {

  @ParentCommand AtelierCli root;

  /** {@code atelier collection deploy --name N --symbol S}. */
  @Command(
      name = "deploy",
      description =
          "Deploy a new AtelierCollection (ERC-721 with royalties, licenses and on-chain"
              + " provenance) owned by your wallet account. Shows gas and cost before signing.")
  static final class Deploy implements Callable<Integer> {

    // Its own help option: --version here is the contract's version, not the program's.
    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "Show this help message and exit.")
    boolean help;

    @ParentCommand CollectionCommand parent;
    @Spec CommandSpec spec;
    @Mixin ChainOptions chain;

    @Option(names = "--name", required = true, description = "Collection name.")
    String name;

    @Option(names = "--symbol", required = true, description = "Token symbol, e.g. TIDE.")
    String symbol;

    @Option(
        names = "--royalty-bps",
        defaultValue = "500",
        paramLabel = "BPS",
        description =
            "ERC-2981 royalty to the owner in basis points (default ${DEFAULT-VALUE} = 5%%).")
    int royaltyBps;

    @Option(names = "--account", paramLabel = "ADDRESS", description = "Owner account.")
    String account;

    @Option(
        names = "--version",
        defaultValue = "2",
        paramLabel = "1|2",
        description =
            "Contract version: 2 mints in batches at a fraction of the gas, 1 one token a"
                + " transaction (default ${DEFAULT-VALUE}).")
    int version;

    @Option(names = "--yes", description = "Do not ask before signing.")
    boolean yes;

    @Option(
        names = "--wait",
        defaultValue = "120",
        paramLabel = "SECONDS",
        description = "How long to wait for the receipt (default ${DEFAULT-VALUE}).")
    int waitSeconds;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      try (Studio studio = parent.root.startStudio()) {
        String owner = AtelierCli.account(studio, account);
        Transactions txs = chain.transactions(studio);
        PreparedTransaction tx =
            studio.collections().prepareDeploy(txs, owner, name, symbol, royaltyBps, version);
        out.printf(
            "Deploy collection %s (%s), version %d, on %s from %s, royalty %.2f%% to the owner%n",
            name, symbol, version, chain.describe(studio), owner, royaltyBps / 100.0);
        out.println(ChainOptions.cost(tx.gasEstimate(), tx.expectedCost(), tx.maxCost(), tx));
        out.flush();
        if (!yes && !parent.root.confirm(err, "Deploy?")) {
          out.println("Nothing was signed.");
          return ExitCodes.CANCELLED;
        }
        char[] password = parent.root.secret("Password for " + owner + ": ");
        try (UnlockedAccount unlocked = studio.wallet().unlock(owner, password)) {
          CollectionEntry c =
              studio.collections().deploy(txs, tx, unlocked, Duration.ofSeconds(waitSeconds));
          out.printf(
              "Deployed collection %d: %s (%s), version %d, at %s (transaction %s)%n",
              c.id(), c.name(), c.symbol(), c.version(), c.address(), c.deployTxHash());
        } finally {
          Arrays.fill(password, '\0');
        }
        return ExitCodes.OK;
      }
    }
  }

  /** {@code atelier collection import ADDRESS}. */
  @Command(
      name = "import",
      description = "Add a collection contract already on the chain to the catalog.",
      mixinStandardHelpOptions = true)
  static final class ImportCommand implements Callable<Integer> {

    @ParentCommand CollectionCommand parent;
    @Spec CommandSpec spec;
    @Mixin ChainOptions chain;

    @Parameters(paramLabel = "ADDRESS", description = "The contract's address.")
    String address;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Studio studio = parent.root.startStudio()) {
        CollectionEntry c =
            studio.collections().importCollection(chain.transactions(studio), address);
        out.printf(
            "Collection %d: %s (%s), version %d, at %s on chain %d, owned by %s%n",
            c.id(), c.name(), c.symbol(), c.version(), c.address(), c.chainId(), c.ownerAddress());
        return ExitCodes.OK;
      }
    }
  }

  /** {@code atelier collection list}. */
  @Command(
      name = "list",
      description = "List the collections in the catalog.",
      mixinStandardHelpOptions = true)
  static final class ListCommand implements Callable<Integer> {

    @ParentCommand CollectionCommand parent;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Studio studio = parent.root.startStudio()) {
        List<CollectionEntry> all = studio.collections().collections();
        if (all.isEmpty()) {
          out.println("No collections yet: atelier collection deploy --name NAME --symbol SYM");
          return ExitCodes.OK;
        }
        out.printf(
            "%4s  %9s  %-42s  %-8s  %7s  %-42s  %s%n",
            "ID", "CHAIN", "ADDRESS", "SYMBOL", "VERSION", "OWNER", "NAME");
        for (CollectionEntry c : all) {
          out.printf(
              "%4d  %9d  %-42s  %-8s  %7d  %-42s  %s%n",
              c.id(),
              c.chainId(),
              c.address(),
              c.symbol(),
              c.version(),
              c.ownerAddress(),
              c.name());
        }
        return ExitCodes.OK;
      }
    }
  }
}

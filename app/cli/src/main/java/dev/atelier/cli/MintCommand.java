package dev.atelier.cli;

import dev.atelier.Studio;
import dev.atelier.catalog.CollectionEntry;
import dev.atelier.catalog.MintJob;
import dev.atelier.catalog.MintJob.State;
import dev.atelier.chain.Transactions;
import dev.atelier.mint.BatchPlan;
import dev.atelier.mint.MintListener;
import dev.atelier.mint.MintOutcome;
import dev.atelier.mint.MintPlan;
import dev.atelier.mint.OnChainProvenance;
import dev.atelier.wallet.UnlockedAccount;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code atelier mint ASSET... --collection ID}: mints signed assets as ERC-721 tokens, crash-safe;
 * {@code atelier mint status} follows and lists mint jobs.
 */
@Command(
    name = "mint",
    description =
        "Mint signed assets as tokens of one of your collections (version 1: one transaction each;"
            + " version 2: in batches under the gas cap, each token's"
            + " provenance signature checked on-chain). Shows gas and cost before signing.",
    mixinStandardHelpOptions = true,
    subcommands = {MintCommand.Status.class})
final class MintCommand implements Callable<Integer> {

  @ParentCommand AtelierCli root;
  @Spec CommandSpec spec;
  @Mixin ChainOptions chain;

  @Parameters(paramLabel = "ASSET", arity = "0..*", description = "Asset ids (signed first).")
  List<Long> assets;

  @Option(
      names = "--collection",
      paramLabel = "ID",
      description = "Collection id (see: atelier collection list); needed when there are several.")
  Long collection;

  @Option(names = "--account", paramLabel = "ADDRESS", description = "Owner account.")
  String account;

  @Option(
      names = "--record-on-chain",
      description = "Also put the full provenance record in the transaction (more gas).")
  boolean recordOnChain;

  @Option(names = "--yes", description = "Do not ask before signing.")
  boolean yes;

  @Option(
      names = "--wait",
      defaultValue = "120",
      paramLabel = "SECONDS",
      description = "How long to wait for receipts (default ${DEFAULT-VALUE}).")
  int waitSeconds;

  @Override
  public Integer call() {
    if (assets == null || assets.isEmpty()) {
      throw new IllegalArgumentException(
          "Name at least one asset to mint (or: atelier mint status)");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (Studio studio = root.startStudio()) {
      String from = AtelierCli.account(studio, account);
      Transactions txs = chain.transactions(studio);
      CollectionEntry target = collection(studio, txs.chainId());
      if (target.version() == 2) {
        return mintBatches(studio, txs, target, from, out, err);
      }
      MintPlan plan = studio.mintPlanner().plan(txs, target.id(), assets, from, recordOnChain);
      showPlan(studio, plan, out);
      if (!yes && !root.confirm(err, "Mint?")) {
        out.println("Nothing was signed.");
        return ExitCodes.CANCELLED;
      }
      MintOutcome outcome = execute(studio, plan, out);
      return report(studio, txs, outcome, out, err);
    }
  }

  /**
   * Version 2: unlocks the owner's account first (each batch is signed by it before it can be
   * priced), shows the batches and their cost per token against version 1, and mints on yes.
   */
  private int mintBatches(
      Studio studio,
      Transactions txs,
      CollectionEntry target,
      String from,
      PrintWriter out,
      PrintWriter err) {
    if (recordOnChain) {
      throw new IllegalArgumentException(
          "Collection "
              + target.name()
              + " is version 2: its tokens keep their records off-chain (--record-on-chain is for"
              + " version 1)");
    }
    char[] password = root.secret("Password for " + from + " (to sign the batches): ");
    try (UnlockedAccount unlocked = studio.wallet().unlock(from, password)) {
      BatchPlan plan = studio.batchPlanner().plan(txs, target.id(), assets, unlocked);
      BatchPlanText.print(plan, chain.describe(studio), out);
      if (!yes && !root.confirm(err, "Mint?")) {
        out.println("No transaction was signed.");
        return ExitCodes.CANCELLED;
      }
      MintOutcome outcome =
          studio
              .batchMinter()
              .execute(
                  plan,
                  unlocked,
                  Duration.ofSeconds(waitSeconds),
                  new MintListener() {
                    @Override
                    public void stateWritten(MintJob job) {
                      if (job.state() == State.SENT && job.id() == job.batchId()) {
                        out.printf("  batch of job %d: sent %s%n", job.id(), job.txHash());
                        out.flush();
                      }
                    }
                  });
      return report(studio, txs, outcome, out, err);
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  /** What will be minted, what was minted before, and what it costs. */
  private void showPlan(Studio studio, MintPlan plan, PrintWriter out) {
    CollectionEntry target = plan.collection();
    out.printf(
        "Mint %d asset(s) into %s (%s) %s on %s as %s%n",
        plan.items().size(),
        target.name(),
        target.symbol(),
        target.address(),
        chain.describe(studio),
        plan.from());
    for (MintJob job : plan.earlier()) {
      out.printf(
          "  asset %d: %s, left out%n",
          job.assetId(),
          job.state() == State.CONFIRMED
              ? "already token " + job.tokenId()
              : "being minted (job " + job.id() + ", " + job.state() + ")");
    }
    for (MintPlan.Item item : plan.items()) {
      out.printf(
          "  asset %d -> %s  (gas ≈ %,d)%n",
          item.assetId(), item.tokenUri(), item.tx().gasEstimate());
    }
    out.println(
        ChainOptions.cost(
            plan.gasEstimate(), plan.expectedCost(), plan.maxCost(), plan.items().getFirst().tx()));
    if (studio.settings().ipfsApiUrl().isEmpty()) {
      out.println(
          "No IPFS node is configured: the token URIs resolve once you upload the content"
              + " (atelier export-car "
              + String.join(" ", assets.stream().map(String::valueOf).toList())
              + " --out assets.car).");
    }
    out.flush();
  }

  /** Asks for the password and mints, printing each transaction as it is sent. */
  private MintOutcome execute(Studio studio, MintPlan plan, PrintWriter out) {
    char[] password = root.secret("Password for " + plan.from() + ": ");
    try (UnlockedAccount unlocked = studio.wallet().unlock(plan.from(), password)) {
      return studio
          .minter()
          .execute(
              plan,
              unlocked,
              Duration.ofSeconds(waitSeconds),
              new MintListener() {
                @Override
                public void stateWritten(MintJob job) {
                  if (job.state() == State.SENT) {
                    out.printf("  asset %d: sent %s%n", job.assetId(), job.txHash());
                    out.flush();
                  }
                }
              });
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  private int report(
      Studio studio, Transactions txs, MintOutcome outcome, PrintWriter out, PrintWriter err) {
    String collectionName =
        outcome.earlier().isEmpty()
            ? ""
            : studio.collections().collection(outcome.earlier().getFirst().collectionId()).name();
    for (MintJob job : outcome.earlier()) {
      if (job.state() == State.CONFIRMED) {
        out.printf(
            "Asset %d was already token %s of %s (transaction %s)%n",
            job.assetId(), job.tokenId(), collectionName, job.txHash());
      } else {
        reportJob(studio, txs, job, out);
      }
    }
    for (MintJob job : outcome.jobs()) {
      reportJob(studio, txs, job, out);
    }
    outcome.stopped().ifPresent(why -> err.println("atelier: stopped: " + why));
    List<MintJob> all = new ArrayList<>(outcome.jobs());
    all.addAll(outcome.earlier());
    if (all.stream().anyMatch(j -> j.state() == State.FAILED)
        || outcome.stopped().isPresent() && outcome.in(State.SIGNED).isEmpty()) {
      return ExitCodes.CHAIN;
    }
    if (all.stream().anyMatch(j -> !j.state().isFinal())) {
      return ExitCodes.MINT_PENDING;
    }
    return ExitCodes.OK;
  }

  private static void reportJob(Studio studio, Transactions txs, MintJob job, PrintWriter out) {
    switch (job.state()) {
      case CONFIRMED -> {
        OnChainProvenance check = studio.onChainCheck().check(txs, job);
        out.printf(
            "Asset %d is token %s (block %d, transaction %s); on-chain provenance %s%n",
            job.assetId(),
            job.tokenId(),
            job.blockNumber(),
            job.txHash(),
            check.verified() ? "verified" : "NOT verified: " + String.join("; ", check.problems()));
      }
      case FAILED -> out.printf("Asset %d was not minted: %s%n", job.assetId(), job.error());
      default ->
          out.printf(
              "Asset %d: %s, not confirmed yet (transaction %s); see: atelier mint status%n",
              job.assetId(), job.state(), job.txHash());
    }
  }

  private CollectionEntry collection(Studio studio, long chainId) {
    if (collection != null) {
      return studio.collections().collection(collection);
    }
    List<CollectionEntry> here =
        studio.collections().collections().stream().filter(c -> c.chainId() == chainId).toList();
    if (here.size() == 1) {
      return here.getFirst();
    }
    throw new IllegalArgumentException(
        here.isEmpty()
            ? "No collection on chain "
                + chainId
                + " yet: atelier collection deploy --name NAME --symbol SYM"
            : "Several collections on chain "
                + chainId
                + "; choose one with --collection (see: atelier collection list)");
  }

  /** {@code atelier mint status}. */
  @Command(
      name = "status",
      description =
          "Settle unfinished mints (by transaction hash, sending a lost signed transaction again)"
              + " and list recent mint jobs.",
      mixinStandardHelpOptions = true)
  static final class Status implements Callable<Integer> {

    private static final DateTimeFormatter TIME =
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    @ParentCommand MintCommand parent;
    @Spec CommandSpec spec;

    @Mixin LimitOption limit;

    @Override
    public Integer call() {
      int max = limit.get();
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      try (Studio studio = parent.root.startStudio()) {
        studio.settleUnfinishedMints(Duration.ofSeconds(10));
        new TreeMap<>(studio.mintsSettled())
            .forEach(
                (chainId, r) -> {
                  if (!r.jobs().isEmpty()) {
                    out.printf("Settled unfinished mints on chain %d: %s%n", chainId, r.summary());
                  }
                });
        List<MintJob> jobs = studio.catalog().mintJobs().recent(max);
        if (jobs.isEmpty()) {
          out.println("No mints yet.");
          return ExitCodes.OK;
        }
        out.printf(
            "%5s  %6s  %-10s  %-9s  %6s  %-16s  %-66s  %s%n",
            "JOB", "ASSET", "COLLECTION", "STATE", "TOKEN", "UPDATED", "TRANSACTION", "NOTE");
        Map<Long, String> symbols =
            studio.collections().collections().stream()
                .collect(Collectors.toMap(CollectionEntry::id, CollectionEntry::symbol));
        for (MintJob j : jobs) {
          String collectionName = symbols.getOrDefault(j.collectionId(), "#" + j.collectionId());
          out.printf(
              "%5d  %6d  %-10s  %-9s  %6s  %-16s  %-66s  %s%n",
              j.id(),
              j.assetId(),
              collectionName,
              j.state(),
              j.tokenId() == null ? "-" : j.tokenId(),
              TIME.format(j.updatedAt()),
              j.txHash() == null ? "-" : j.txHash(),
              j.error() == null ? "" : j.error());
        }
        long waiting = studio.catalog().mintJobs().unfinished().size();
        if (waiting > 0) {
          err.printf(
              "%d mint(s) not settled yet: their network did not answer or the transaction waits"
                  + " to be mined; run atelier mint status again later%n",
              waiting);
          return ExitCodes.MINT_PENDING;
        }
        return ExitCodes.OK;
      }
    }
  }
}

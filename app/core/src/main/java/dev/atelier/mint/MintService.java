package dev.atelier.mint;

import dev.atelier.catalog.Catalog;
import dev.atelier.catalog.CatalogException;
import dev.atelier.catalog.CollectionEntry;
import dev.atelier.catalog.MintJob;
import dev.atelier.catalog.MintJob.State;
import dev.atelier.catalog.MintJobRepository.Update;
import dev.atelier.catalog.ProvenanceEntry;
import dev.atelier.chain.ChainException;
import dev.atelier.chain.ChainException.Reason;
import dev.atelier.chain.CollectionContract;
import dev.atelier.chain.CollectionContract.TokenProvenance;
import dev.atelier.chain.JsonRpc;
import dev.atelier.chain.Network;
import dev.atelier.chain.Networks;
import dev.atelier.chain.PreparedTransaction;
import dev.atelier.chain.ProvenanceProof;
import dev.atelier.chain.Receipt;
import dev.atelier.chain.SignedTransaction;
import dev.atelier.chain.Transactions;
import dev.atelier.content.AssetExport;
import dev.atelier.content.AssetExport.Publishable;
import dev.atelier.content.Cid;
import dev.atelier.content.IpfsException;
import dev.atelier.content.IpfsPinner;
import dev.atelier.provenance.InvalidProvenanceException;
import dev.atelier.provenance.ProvenanceRecord;
import dev.atelier.provenance.ProvenanceSignatures;
import dev.atelier.wallet.UnlockedAccount;
import java.math.BigInteger;
import java.security.SignatureException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.SignedRawTransaction;
import org.web3j.crypto.TransactionDecoder;

/**
 * Deploys collection contracts and mints signed assets into them, so that a process killed at any
 * moment never loses a mint and never mints an asset twice.
 *
 * <p>Each mint is a row in {@code mint_jobs} whose state is written <em>before</em> the step it
 * stands for:
 *
 * <ol>
 *   <li>{@code PENDING}: the job exists; nothing is signed.
 *   <li>{@code SIGNED}: the transaction is signed at a fixed nonce; the row holds its raw bytes and
 *       hash. Only now is it sent.
 *   <li>{@code SENT}: the node took it; the receipt is awaited.
 *   <li>{@code CONFIRMED} with the token id and block, or {@code FAILED} with the reason.
 * </ol>
 *
 * <p>{@link #reconcile} settles jobs a dead process left behind, by transaction hash: a mined one
 * is confirmed (or failed if it reverted); one the node still holds stays {@code SENT}; one the
 * node lost is sent again <em>with the same signed bytes</em>, so it can still only mint once; one
 * whose nonce another transaction used can never be mined and fails (replaced). A {@code PENDING}
 * job signed nothing and fails. Only a {@code FAILED} job frees its asset for a new attempt, and a
 * new attempt reconciles first; a unique index keeps one live job per asset and collection.
 */
public final class MintService {

  private static final Logger LOG = LoggerFactory.getLogger(MintService.class);
  private static final Duration POLL = Duration.ofMillis(200);

  private final Catalog catalog;
  private final AssetExport export;
  private final Supplier<Optional<IpfsPinner>> pinner;
  private final Clock clock;

  /**
   * @param pinner the IPFS node to pin images and metadata to before minting, as configured at the
   *     moment of the mint (empty: the artist uploads the CAR export themselves)
   */
  public MintService(
      Catalog catalog, AssetExport export, Supplier<Optional<IpfsPinner>> pinner, Clock clock) {
    this.catalog = catalog;
    this.export = export;
    this.pinner = pinner;
    this.clock = clock;
  }

  // ---------------------------------------------------------------- collections

  /**
   * A collection deployment owned by {@code owner}, who also receives the royalties, simulated and
   * priced: show it to the artist before {@link #deploy}.
   *
   * @param royaltyBps ERC-2981 royalty in basis points (500 = 5 %)
   */
  public PreparedTransaction prepareDeploy(
      Transactions txs, String owner, String name, String symbol, int royaltyBps) {
    if (name.isBlank() || symbol.isBlank()) {
      throw new IllegalArgumentException("A collection needs a name and a symbol");
    }
    Networks.checkChainId(txs.rpc(), txs.chainId());
    return CollectionContract.prepareDeploy(txs, owner, name, symbol, owner, royaltyBps);
  }

  /**
   * Signs and sends a prepared deployment, waits for it and adds the collection to the catalog.
   *
   * <p>A process killed while the deployment is in flight leaves a contract the catalog does not
   * list yet; {@link #importCollection} adds it from its address.
   */
  public CollectionEntry deploy(
      Transactions txs, PreparedTransaction deployment, UnlockedAccount owner, Duration timeout) {
    CollectionContract.Deployment d = CollectionContract.deploy(txs, deployment, owner, timeout);
    CollectionContract contract = d.contract();
    CollectionEntry entry =
        catalog
            .collections()
            .add(
                new CollectionEntry(
                    0,
                    txs.chainId(),
                    contract.address(),
                    contract.name(),
                    contract.symbol(),
                    contract.owner(),
                    d.receipt().transactionHash(),
                    clock.instant()));
    LOG.info(
        "Deployed collection {} ({}) at {} on chain {}",
        entry.name(),
        entry.symbol(),
        entry.address(),
        entry.chainId());
    return entry;
  }

  /**
   * Adds a collection contract already on the chain (deployed elsewhere, or by a deployment the
   * catalog missed); returns the existing entry when it is listed already.
   *
   * @throws ChainException when no Atelier collection answers at {@code address} on this chain
   */
  public CollectionEntry importCollection(Transactions txs, String address) {
    Networks.checkChainId(txs.rpc(), txs.chainId());
    Optional<CollectionEntry> known = catalog.collections().find(txs.chainId(), address);
    if (known.isPresent()) {
      return known.get();
    }
    CollectionContract contract = new CollectionContract(txs, address);
    String owner = contract.owner();
    if (!contract.supportsInterface(CollectionContract.ERC7007_INTERFACE_ID)) {
      throw new ChainException(
          Reason.RPC_ERROR,
          "The contract at "
              + contract.address()
              + " is not an AtelierCollection (it does not support ERC-7007)");
    }
    return catalog
        .collections()
        .add(
            new CollectionEntry(
                0,
                txs.chainId(),
                contract.address(),
                contract.name(),
                contract.symbol(),
                owner,
                null,
                clock.instant()));
  }

  /** The collection with catalog id {@code id}. */
  public CollectionEntry collection(long id) {
    return catalog
        .collections()
        .find(id)
        .orElseThrow(
            () ->
                new MintException(
                    MintException.Reason.NOT_FOUND,
                    "No collection " + id + " in the catalog (see: atelier collection list)"));
  }

  /** Every collection in the catalog, oldest first. */
  public List<CollectionEntry> collections() {
    return catalog.collections().all();
  }

  // ---------------------------------------------------------------- minting

  /**
   * Checks, simulates and prices mints of {@code assetIds} into a collection, signing nothing.
   * Reconciles the chain's unfinished jobs first, so the checks see the truth.
   *
   * <p>Each asset must be signed ({@code atelier sign}) for the collection's chain by {@code from},
   * who must own the collection; its image must still be the signed file. The token URI is the
   * {@code ipfs://} CID of the asset's metadata file ({@link AssetExport}).
   *
   * @param recordOnChain true to put each canonical provenance record in the transaction's call
   *     data too (more gas; otherwise the record travels in the metadata and the image's manifest)
   * @throws MintException naming the first asset that cannot be minted, and why
   * @throws ChainException when the node is down, serves another chain, or a mint would revert
   */
  public MintPlan plan(
      Transactions txs,
      long collectionId,
      List<Long> assetIds,
      String from,
      boolean recordOnChain) {
    if (assetIds.isEmpty()) {
      throw new IllegalArgumentException("Name at least one asset to mint");
    }
    Set<Long> seen = new HashSet<>();
    for (long id : assetIds) {
      if (!seen.add(id)) {
        throw new IllegalArgumentException("Asset " + id + " is named twice");
      }
    }
    CollectionEntry collection = collection(collectionId);
    if (collection.chainId() != txs.chainId()) {
      throw new ChainException(
          Reason.WRONG_CHAIN,
          "Collection "
              + collection.name()
              + " is on chain "
              + collection.chainId()
              + ", but the network chosen is chain "
              + txs.chainId());
    }
    reconcile(txs);
    CollectionContract contract = new CollectionContract(txs, collection.address());
    String owner = contract.owner();
    if (!owner.equalsIgnoreCase(from)) {
      throw new MintException(
          MintException.Reason.NOT_OWNER,
          "Collection "
              + collection.name()
              + " is owned by "
              + owner
              + ", not "
              + from
              + ": only its owner can mint into it");
    }
    List<MintPlan.Item> items = new ArrayList<>();
    for (long assetId : assetIds) {
      refuseIfMinted(assetId, collection);
      ProvenanceEntry signed = signedFor(assetId, collection, from);
      Publishable content = export.prepare(assetId);
      ProvenanceRecord record = parse(signed);
      ProvenanceProof proof = ProvenanceProofs.of(record, signed.eip712Signature(), recordOnChain);
      String uri = content.metadataCid().ipfsUri();
      PreparedTransaction tx = contract.prepareMintWithProvenance(from, from, uri, proof);
      items.add(new MintPlan.Item(assetId, uri, content, proof, tx));
    }
    return new MintPlan(txs, collection, from, items);
  }

  /**
   * Mints what {@code plan} describes: pins the content when an IPFS node is configured, then for
   * each asset writes its job, signs at the account's next nonce, stores the signed transaction,
   * sends it and records that it was sent; last it waits up to {@code timeout} for the receipts.
   *
   * <p>It stops sending at the first failure (unfunded wallet, node down, refused transaction) and
   * says why in the outcome; what was sent before is still followed. Nothing here is sent twice.
   *
   * @throws MintException {@link MintException.Reason#PINNING} before any job when pinning fails
   */
  public MintOutcome execute(
      MintPlan plan, UnlockedAccount account, Duration timeout, MintListener listener) {
    if (!account.address().equalsIgnoreCase(plan.from())) {
      throw new IllegalArgumentException(
          "The plan mints from " + plan.from() + ", not " + account.address());
    }
    pin(plan);
    Transactions txs = plan.txs();
    List<MintJob> jobs = new ArrayList<>();
    String stopped = null;
    for (MintPlan.Item item : plan.items()) {
      MintJob job;
      try {
        job = catalog.mintJobs().create(item.assetId(), plan.collection().id(), clock.instant());
      } catch (CatalogException e) {
        stopped =
            "Asset "
                + item.assetId()
                + " is already being minted into "
                + plan.collection().name()
                + " by another job";
        break;
      }
      listener.stateWritten(job);
      SignedTransaction signed;
      try {
        signed = txs.sign(item.tx(), account, txs.nextNonce(plan.from()));
      } catch (ChainException e) {
        jobs.add(fail(job, "Not sent: " + e.getMessage(), listener));
        stopped = e.getMessage();
        break;
      }
      job =
          advance(
              job,
              State.SIGNED,
              Update.signed(signed.nonce(), signed.raw(), signed.hash()),
              listener);
      try {
        txs.broadcast(signed);
        listener.broadcast(job);
        job = advance(job, State.SENT, Update.sent(signed.hash()), listener);
        jobs.add(job);
      } catch (ChainException e) {
        if (e.reason() == Reason.UNREACHABLE) {
          jobs.add(job);
          stopped =
              e.getMessage()
                  + ". The signed transaction of asset "
                  + item.assetId()
                  + " is kept and is sent again, unchanged, when the node answers"
                  + " (atelier mint status)";
          break;
        }
        job = settle(txs, job, listener, new int[1], e.getMessage());
        jobs.add(job);
        if (job.state() == State.FAILED) {
          stopped = e.getMessage();
          break;
        }
      }
    }
    Instant deadline = clock.instant().plus(timeout);
    List<MintJob> settled = new ArrayList<>();
    for (MintJob job : jobs) {
      settled.add(job.state() == State.SENT ? await(txs, job, deadline, listener) : job);
    }
    return new MintOutcome(settled, Optional.ofNullable(stopped));
  }

  /**
   * Settles the unfinished jobs of collections on {@code txs}'s chain, as the class comment says.
   * Does not wait for pending transactions to be mined.
   *
   * @throws ChainException when the node cannot be reached or serves another chain (nothing is
   *     changed then)
   */
  public Reconciliation reconcile(Transactions txs) {
    return reconcile(txs, MintListener.NONE);
  }

  /** As {@link #reconcile(Transactions)}, telling {@code listener} each state written. */
  public Reconciliation reconcile(Transactions txs, MintListener listener) {
    List<MintJob> unfinished = unfinishedOn(txs.chainId());
    if (unfinished.isEmpty()) {
      return new Reconciliation(txs.chainId(), List.of(), 0);
    }
    Networks.checkChainId(txs.rpc(), txs.chainId());
    int[] resent = new int[1];
    List<MintJob> out = new ArrayList<>();
    for (MintJob job : unfinished) {
      MintJob now = settle(txs, job, listener, resent, null);
      if (now.state() != job.state()) {
        LOG.info(
            "Mint job {} (asset {}): {} -> {}", job.id(), job.assetId(), job.state(), now.state());
      }
      out.add(now);
    }
    return new Reconciliation(txs.chainId(), out, resent[0]);
  }

  /**
   * Start-up recovery: reconciles the unfinished jobs of every chain that has some, through the
   * network of that chain id in {@code networks} that has an RPC URL. A chain whose node does not
   * answer within {@code rpcTimeout} is left for later and logged; start-up goes on.
   *
   * @return what was reconciled, by chain id
   */
  public Map<Long, Reconciliation> recover(List<Network> networks, Duration rpcTimeout) {
    Map<Long, Reconciliation> out = new LinkedHashMap<>();
    Set<Long> chains = new HashSet<>();
    for (MintJob job : catalog.mintJobs().unfinished()) {
      catalog.collections().find(job.collectionId()).ifPresent(c -> chains.add(c.chainId()));
    }
    for (long chainId : chains) {
      Optional<Network> network =
          networks.stream().filter(n -> n.chainId() == chainId && n.hasRpcUrl()).findFirst();
      if (network.isEmpty()) {
        LOG.warn("Unfinished mint jobs on chain {} wait: no network with an RPC URL", chainId);
        continue;
      }
      try {
        Transactions txs =
            new Transactions(new JsonRpc(network.get().rpcUrl(), rpcTimeout), chainId);
        out.put(chainId, reconcile(txs));
      } catch (ChainException | IllegalArgumentException e) {
        LOG.warn(
            "Unfinished mint jobs on {} (chain {}) wait: {}",
            network.get().name(),
            chainId,
            e.getMessage());
      }
    }
    return out;
  }

  /**
   * Waits up to {@code timeout} for the receipts of the chain's {@code SENT} jobs, settling them as
   * they come; reconciles first.
   */
  public Reconciliation awaitPending(Transactions txs, Duration timeout) {
    Reconciliation first = reconcile(txs);
    Instant deadline = clock.instant().plus(timeout);
    List<MintJob> out = new ArrayList<>();
    for (MintJob job : first.jobs()) {
      out.add(job.state() == State.SENT ? await(txs, job, deadline, MintListener.NONE) : job);
    }
    return new Reconciliation(txs.chainId(), out, first.resent());
  }

  /** The newest mint jobs first. */
  public List<MintJob> jobs(int limit) {
    return catalog.mintJobs().recent(limit);
  }

  /**
   * Reads a confirmed job's token back from the chain and checks its provenance: the contract's
   * record and pixels hashes against the asset's signed record in the catalog, the contract's own
   * {@code verify} of the stored signature, and Atelier's EIP-712 check of it.
   */
  public OnChainProvenance checkOnChain(Transactions txs, MintJob job) {
    if (job.state() != State.CONFIRMED) {
      throw new IllegalArgumentException(
          "Mint job " + job.id() + " is " + job.state() + ", not CONFIRMED");
    }
    CollectionEntry collection = collection(job.collectionId());
    if (collection.chainId() != txs.chainId()) {
      throw new ChainException(
          Reason.WRONG_CHAIN,
          "Mint job "
              + job.id()
              + " is on chain "
              + collection.chainId()
              + ", not "
              + txs.chainId());
    }
    Networks.checkChainId(txs.rpc(), txs.chainId());
    CollectionContract contract = new CollectionContract(txs, collection.address());
    long tokenId = Long.parseLong(job.tokenId());
    TokenProvenance onChain = contract.provenance(tokenId);
    ProvenanceRecord record = recordWithHash(job.assetId(), onChain.recordSha256());
    boolean recordMatches =
        record != null && record.pixelsSha256().equalsIgnoreCase(onChain.pixelsSha256());
    boolean contractVerifies = false;
    boolean signatureVerifies = false;
    if (record != null) {
      ProvenanceProof proof = ProvenanceProofs.of(record, onChain.proof(), false);
      contractVerifies = contract.verify(proof);
      signatureVerifies =
          ProvenanceSignatures.verify(record, collection.chainId(), onChain.proof()).matches();
    }
    return new OnChainProvenance(
        tokenId,
        contract.ownerOf(tokenId),
        contract.tokenUri(tokenId),
        contract.license(tokenId).licenseId(),
        recordMatches,
        contractVerifies,
        signatureVerifies);
  }

  // ---------------------------------------------------------------- steps

  /**
   * Brings one job as far as the chain allows without waiting. A signed transaction the node does
   * not know is sent again (reconciliation), unless {@code refusal} says the node has just refused
   * it: then the job fails with that reason.
   */
  private MintJob settle(
      Transactions txs, MintJob job, MintListener listener, int[] resent, String refusal) {
    if (job.state() == State.PENDING) {
      return fail(job, "Stopped before its transaction was signed; nothing was sent", listener);
    }
    if (job.state().isFinal()) {
      return job;
    }
    String hash = job.txHash() != null ? job.txHash() : Hash.sha3(job.signedTx());
    String from = sender(job);
    // Nonce first, receipt second: a transaction mined in between is then still seen as mined.
    BigInteger mined = txs.minedNonce(from);
    Optional<Receipt> receipt = txs.receipt(hash);
    if (receipt.isPresent()) {
      return finish(txs, sent(job, hash, listener), receipt.get(), listener);
    }
    if (mined.compareTo(BigInteger.valueOf(job.nonce())) > 0) {
      return fail(
          job,
          "Replaced: nonce "
              + job.nonce()
              + " of "
              + from
              + " was used by another transaction, so "
              + hash
              + " can never be mined; nothing was minted by it",
          listener);
    }
    if (txs.isKnown(hash)) {
      return sent(job, hash, listener);
    }
    if (refusal != null) {
      return fail(
          job, "The node refused the transaction (" + refusal + "); nothing was minted", listener);
    }
    try {
      txs.broadcast(new SignedTransaction(txs.chainId(), from, job.nonce(), job.signedTx(), hash));
      resent[0]++;
      LOG.info("Sent mint job {}'s transaction {} again (the node had lost it)", job.id(), hash);
      listener.broadcast(job);
      return sent(job, hash, listener);
    } catch (ChainException e) {
      if (e.reason() == Reason.UNREACHABLE) {
        throw e;
      }
      if (txs.receipt(hash).isPresent() || txs.isKnown(hash)) {
        return settle(txs, job, listener, resent, e.getMessage());
      }
      return fail(job, "The node refused the transaction: " + e.getMessage(), listener);
    }
  }

  /** Polls the receipt of a SENT job until {@code deadline}; leaves it SENT if none comes. */
  private MintJob await(Transactions txs, MintJob job, Instant deadline, MintListener listener) {
    while (true) {
      Optional<Receipt> receipt;
      try {
        receipt = txs.receipt(job.txHash());
      } catch (ChainException e) {
        LOG.warn("Cannot follow mint job {}: {}", job.id(), e.getMessage());
        return job;
      }
      if (receipt.isPresent()) {
        return finish(txs, job, receipt.get(), listener);
      }
      if (!clock.instant().isBefore(deadline)) {
        return job;
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return job;
      }
    }
  }

  /** A SENT job whose receipt is in: CONFIRMED with its token, or FAILED when it reverted. */
  private MintJob finish(Transactions txs, MintJob job, Receipt receipt, MintListener listener) {
    if (!receipt.success()) {
      return fail(
          job,
          "Reverted in block "
              + receipt.blockNumber()
              + txs.whyReverted(receipt, CollectionContract.artifact().abi()),
          listener);
    }
    CollectionEntry collection = collection(job.collectionId());
    List<Long> tokens = new CollectionContract(txs, collection.address()).mintedTokenIds(receipt);
    if (tokens.size() != 1) {
      return fail(
          job,
          "Transaction "
              + receipt.transactionHash()
              + " was mined but minted "
              + tokens.size()
              + " tokens into "
              + collection.address(),
          listener);
    }
    return advance(
        job,
        State.CONFIRMED,
        Update.confirmed(Long.toString(tokens.getFirst()), receipt.blockNumber()),
        listener);
  }

  private MintJob sent(MintJob job, String hash, MintListener listener) {
    return job.state() == State.SIGNED
        ? advance(job, State.SENT, Update.sent(hash), listener)
        : job;
  }

  private MintJob fail(MintJob job, String why, MintListener listener) {
    LOG.warn("Mint job {} (asset {}) failed: {}", job.id(), job.assetId(), why);
    return advance(job, State.FAILED, Update.failed(why), listener);
  }

  private MintJob advance(MintJob job, State to, Update update, MintListener listener) {
    MintJob next = catalog.mintJobs().advance(job.id(), job.state(), to, update, clock.instant());
    listener.stateWritten(next);
    return next;
  }

  // ---------------------------------------------------------------- checks

  private void refuseIfMinted(long assetId, CollectionEntry collection) {
    Optional<MintJob> live = catalog.mintJobs().live(assetId, collection.id());
    if (live.isEmpty()) {
      return;
    }
    MintJob job = live.get();
    if (job.state() == State.CONFIRMED) {
      throw new MintException(
          MintException.Reason.ALREADY_MINTED,
          "Asset "
              + assetId
              + " is already token "
              + job.tokenId()
              + " of "
              + collection.name()
              + " (transaction "
              + job.txHash()
              + ")");
    }
    throw new MintException(
        MintException.Reason.IN_PROGRESS,
        "Asset "
            + assetId
            + " is being minted into "
            + collection.name()
            + " (job "
            + job.id()
            + ", "
            + job.state()
            + (job.txHash() != null ? ", transaction " + job.txHash() : "")
            + "); see: atelier mint status");
  }

  private ProvenanceEntry signedFor(long assetId, CollectionEntry collection, String from) {
    catalog
        .assets()
        .find(assetId)
        .orElseThrow(
            () -> new MintException(MintException.Reason.NOT_FOUND, "No asset " + assetId));
    ProvenanceEntry entry =
        catalog
            .provenance()
            .latestFor(assetId)
            .filter(e -> e.eip712Signature() != null && e.chainId() != null)
            .orElseThrow(
                () ->
                    new MintException(
                        MintException.Reason.NOT_SIGNED,
                        "Asset "
                            + assetId
                            + " is not signed yet: sign it for chain "
                            + collection.chainId()
                            + " first (atelier sign "
                            + assetId
                            + " --license ID --chain-id "
                            + collection.chainId()
                            + ")"));
    if (entry.chainId() != collection.chainId() || !entry.creatorAddress().equalsIgnoreCase(from)) {
      throw new MintException(
          MintException.Reason.NOT_SIGNED,
          "Asset "
              + assetId
              + " is signed by "
              + entry.creatorAddress()
              + " for chain "
              + entry.chainId()
              + "; a mint into "
              + collection.name()
              + " needs a signature by its owner "
              + from
              + " for chain "
              + collection.chainId()
              + " (atelier sign "
              + assetId
              + " --license "
              + entry.licenseId()
              + " --chain-id "
              + collection.chainId()
              + ")");
    }
    return entry;
  }

  private ProvenanceRecord parse(ProvenanceEntry entry) {
    try {
      return ProvenanceRecord.parse(entry.recordJson());
    } catch (InvalidProvenanceException e) {
      throw new MintException(
          MintException.Reason.NOT_SIGNED,
          "The catalog's provenance record of asset "
              + entry.assetId()
              + " is damaged: "
              + e.getMessage(),
          e);
    }
  }

  /** The asset's signed record whose hash is {@code recordSha256}; null when there is none. */
  private ProvenanceRecord recordWithHash(long assetId, String recordSha256) {
    return catalog.provenance().ofAsset(assetId).stream()
        .filter(e -> e.recordSha256().equalsIgnoreCase(recordSha256))
        .findFirst()
        .map(this::parse)
        .orElse(null);
  }

  private void pin(MintPlan plan) {
    Optional<IpfsPinner> node = pinner.get();
    if (node.isEmpty()) {
      return;
    }
    for (MintPlan.Item item : plan.items()) {
      Publishable content = item.content();
      try {
        Cid image = node.get().pin("asset-" + item.assetId() + ".png", content.image());
        Cid metadata =
            node.get().pin("asset-" + item.assetId() + ".json", content.metadata().block());
        LOG.info("Pinned asset {}: image {}, metadata {}", item.assetId(), image, metadata);
      } catch (IpfsException e) {
        throw new MintException(
            MintException.Reason.PINNING,
            "Nothing was minted: pinning asset "
                + item.assetId()
                + " to "
                + node.get().apiUrl()
                + " failed ("
                + e.getMessage()
                + ")",
            e);
      }
    }
  }

  private List<MintJob> unfinishedOn(long chainId) {
    List<MintJob> out = new ArrayList<>();
    for (MintJob job : catalog.mintJobs().unfinished()) {
      Optional<CollectionEntry> c = catalog.collections().find(job.collectionId());
      if (c.isPresent() && c.get().chainId() == chainId) {
        out.add(job);
      }
    }
    return out;
  }

  /** The signer of a job's stored transaction. */
  private static String sender(MintJob job) {
    RawTransaction raw = TransactionDecoder.decode(job.signedTx());
    if (!(raw instanceof SignedRawTransaction signed)) {
      throw new IllegalStateException("Mint job " + job.id() + " holds an unsigned transaction");
    }
    try {
      return signed.getFrom();
    } catch (SignatureException e) {
      throw new IllegalStateException(
          "Mint job " + job.id() + " holds a transaction with a bad signature", e);
    }
  }
}

package dev.atelier.bench;

import dev.atelier.chain.ChainException;
import dev.atelier.chain.CollectionContract;
import dev.atelier.chain.CollectionContract.MintResult;
import dev.atelier.chain.ContractArtifact;
import dev.atelier.chain.Devnet;
import dev.atelier.chain.PreparedTransaction;
import dev.atelier.chain.Receipt;
import dev.atelier.chain.Transactions;
import dev.atelier.wallet.UnlockedAccount;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Utf8String;

/**
 * Gas per minted token, measured on a {@link Devnet} from the receipts of real transactions: an
 * {@code AtelierCollection} next to plain OpenZeppelin ERC-721 tokens deployed in the same run
 * ({@code PlainERC721}, {@code PlainERC721URIStorage}, compiled with the same pinned settings; see
 * {@code app/core/src/main/solidity/bench}). Run by hand with {@code atelier bench --gas}.
 *
 * <p>What is measured, each time the whole transaction's {@code gasUsed} (the 21 000 base and the
 * calldata included) divided by the tokens it minted:
 *
 * <ul>
 *   <li>plain ERC-721 {@code mint(to)}: OpenZeppelin's {@code _mint} and a counter;
 *   <li>plain ERC721URIStorage {@code mint(to, uri)}: the same with a token URI;
 *   <li>Atelier {@code mint}: URI, license id and terms hash, {@code _safeMint}, events;
 *   <li>Atelier {@code mintWithProvenance} with the record kept off-chain (empty {@code prompt})
 *       and with the canonical record on-chain: the creator's EIP-712 signature checked on-chain;
 *   <li>Atelier {@code mintBatch} of N tokens (10 and 100 by default), records off-chain.
 * </ul>
 *
 * Every contract first mints {@value #WARM_UP} tokens that are not counted: the first mint into a
 * fresh contract pays for cold storage (the owner's balance going from zero, the counter), so the
 * figures are for the steady state, a collection that already has tokens. Tokens go to the minter
 * itself, as an artist mints into their own wallet, and every URI has the length of an {@code
 * ipfs://} CIDv1 (66 bytes), so each URI costs the same. Gas does not depend on timing: the same
 * contracts, account and inputs give the same figures on every run.
 *
 * <p>A batch of 100 tokens with provenance needs more gas than one transaction may use on Ethereum
 * since the Osaka upgrade ({@value #TX_GAS_CAP}, EIP-7825), and more than a 30 M block holds, which
 * is Anvil's default. {@link #startDevnet()} therefore raises the devnet's block gas limit to
 * {@value #DEVNET_BLOCK_GAS_LIMIT} so that such a batch can be measured at all (the gas a
 * transaction uses does not depend on the limit), and {@link #describe} marks the rows over the cap
 * and says about how many tokens one transaction can mint.
 *
 * <p>{@link GasSweep} measures by batch size instead, against ERC721A and Solady as well, and finds
 * the largest batch under the cap exactly; {@code atelier bench --gas} prints this class's single
 * mints and then the sweep.
 */
public final class GasBench {

  /** Tokens each contract mints before anything is measured. */
  public static final int WARM_UP = 3;

  /** The default batch sizes. */
  public static final List<Integer> BATCHES = List.of(10, 100);

  /** The most gas one transaction may use on Ethereum since Osaka: 2^24 (EIP-7825). */
  public static final long TX_GAS_CAP = 16_777_216;

  /** The block gas limit of the devnet of {@link #startDevnet()}. */
  public static final long DEVNET_BLOCK_GAS_LIMIT = 100_000_000;

  private static final Duration WAIT = BenchContract.WAIT;
  private static final BigInteger FUNDS = BigInteger.TEN.pow(24); // a million ETH
  private static final String PLAIN = "/dev/atelier/bench/PlainERC721.json";
  private static final String PLAIN_URI = "/dev/atelier/bench/PlainERC721URIStorage.json";

  private GasBench() {}

  /**
   * One measured transaction.
   *
   * @param label what it is, for the table
   * @param tokens tokens it minted
   * @param gasUsed its receipt's {@code gasUsed}
   */
  public record Measurement(String label, int tokens, long gasUsed) {

    public Measurement {
      if (tokens < 1 || gasUsed < 1) {
        throw new IllegalArgumentException(
            label + ": " + tokens + " tokens for " + gasUsed + " gas is not a measurement");
      }
    }

    /** Gas per token, rounded down. */
    public long perToken() {
      return gasUsed / tokens;
    }
  }

  /**
   * The figures of one run.
   *
   * @param plainMint plain ERC-721 {@code mint(to)}, one token
   * @param plainMintWithUri plain ERC721URIStorage {@code mint(to, uri)}, one token
   * @param mint Atelier {@code mint} with URI and license, one token
   * @param provenance Atelier {@code mintWithProvenance}, record off-chain, one token
   * @param provenanceWithRecord the same with the canonical record on-chain
   * @param batches Atelier {@code mintBatch}, records off-chain, one per batch size
   * @param plainDeployGas gas to deploy the plain ERC-721
   * @param collectionDeployGas gas to deploy the Atelier collection
   */
  public record GasFigures(
      Measurement plainMint,
      Measurement plainMintWithUri,
      Measurement mint,
      Measurement provenance,
      Measurement provenanceWithRecord,
      List<Measurement> batches,
      long plainDeployGas,
      long collectionDeployGas) {

    public GasFigures {
      batches = List.copyOf(batches);
    }

    /** Every measurement, in table order. */
    public List<Measurement> rows() {
      List<Measurement> rows = new ArrayList<>();
      rows.addAll(List.of(plainMint, plainMintWithUri, mint, provenance, provenanceWithRecord));
      rows.addAll(batches);
      return List.copyOf(rows);
    }

    /**
     * About how many tokens one {@code mintBatch} under {@link #TX_GAS_CAP} can mint, from the gas
     * per token of the largest batch measured; 0 when no batch was measured.
     */
    public long largestBatchUnderCap() {
      return batches.stream()
          .max(Comparator.comparingInt(Measurement::tokens))
          .map(b -> TX_GAS_CAP / b.perToken())
          .orElse(0L);
    }

    /** Gas per token of {@code m} as a multiple of the plain ERC-721 mint. */
    public double ratioToPlain(Measurement m) {
      return (double) m.gasUsed() / m.tokens() / plainMint.gasUsed();
    }
  }

  /**
   * Starts a devnet for the benchmark: Anvil with a block gas limit of {@value
   * #DEVNET_BLOCK_GAS_LIMIT}, so that batches larger than a real block can be measured.
   */
  public static Devnet startDevnet() {
    return Devnet.start(List.of("--gas-limit", Long.toString(DEVNET_BLOCK_GAS_LIMIT)));
  }

  /**
   * {@link #measure(Devnet, UnlockedAccount, List)} with the {@linkplain #BATCHES default} sizes.
   */
  public static GasFigures measure(Devnet devnet, UnlockedAccount minter) {
    return measure(devnet, minter, BATCHES);
  }

  /**
   * Deploys the three contracts on {@code devnet} and mints into each, all from {@code minter}
   * (funded first, so any account does; for repeatable figures use the same one every time).
   *
   * @param batchSizes the {@code mintBatch} sizes to measure, each at least 1
   * @throws ChainException when a transaction fails or reverts
   */
  public static GasFigures measure(
      Devnet devnet, UnlockedAccount minter, List<Integer> batchSizes) {
    Objects.requireNonNull(minter, "minter");
    for (int n : batchSizes) {
      if (n < 1) {
        throw new IllegalArgumentException("A batch mints at least one token, not " + n);
      }
    }
    Transactions txs = new Transactions(devnet.rpc(), Devnet.CHAIN_ID);
    String me = minter.address();
    devnet.fund(me, FUNDS);
    BenchTokens tokens = new BenchTokens(me);

    // Plain ERC-721: mint(to).
    BenchContract plain = BenchContract.deploy(txs, ContractArtifact.load(PLAIN), minter);
    for (int i = 0; i < WARM_UP; i++) {
      plain.mint(txs, minter, "warm-up", new Address(me));
    }
    Measurement plainMint = plain.mint(txs, minter, "plain ERC721 mint", new Address(me));

    // Plain ERC721URIStorage: mint(to, uri).
    BenchContract plainUri = BenchContract.deploy(txs, ContractArtifact.load(PLAIN_URI), minter);
    for (int i = 0; i < WARM_UP; i++) {
      plainUri.mint(txs, minter, "warm-up", new Address(me), new Utf8String(tokens.uri()));
    }
    Measurement plainMintWithUri =
        plainUri.mint(
            txs,
            minter,
            "plain ERC721URIStorage mint",
            new Address(me),
            new Utf8String(tokens.uri()));

    // AtelierCollection.
    PreparedTransaction deploy =
        CollectionContract.prepareDeploy(txs, me, "Gas Bench", "GAS", me, 500);
    CollectionContract.Deployment deployment = CollectionContract.deploy(txs, deploy, minter, WAIT);
    CollectionContract collection = deployment.contract();
    for (int i = 0; i < WARM_UP; i++) {
      minted("warm-up", collection, tokens.mint(collection), minter);
    }
    Measurement mint =
        minted("Atelier mint (URI, license)", collection, tokens.mint(collection), minter);
    Measurement provenance =
        minted(
            "Atelier mintWithProvenance, record off-chain",
            collection,
            tokens.mintProven(collection, minter, false),
            minter);
    Measurement provenanceWithRecord =
        minted(
            "Atelier mintWithProvenance, record on-chain",
            collection,
            tokens.mintProven(collection, minter, true),
            minter);
    List<Measurement> batches = new ArrayList<>();
    for (int n : batchSizes) {
      batches.add(
          minted(
              "Atelier mintBatch of " + n + ", records off-chain",
              collection,
              tokens.mintBatch(collection, minter, n),
              minter));
    }
    return new GasFigures(
        plainMint,
        plainMintWithUri,
        mint,
        provenance,
        provenanceWithRecord,
        batches,
        plain.deployGas(),
        deployment.receipt().gasUsed().longValueExact());
  }

  /**
   * A table of the figures: gas per token and its ratio to the plain ERC-721 mint, a {@code *} on
   * transactions over {@link #TX_GAS_CAP}, then what the figures assume.
   */
  public static String describe(GasFigures figures) {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "%-46s %6s %12s %10s %8s%n",
            "",
            "tokens",
            "gas used",
            "per token",
            "x plain"));
    boolean overCap = false;
    for (Measurement m : figures.rows()) {
      boolean over = m.gasUsed() > TX_GAS_CAP;
      overCap |= over;
      s.append(
          String.format(
              Locale.ROOT,
              "%-46s %6d %11s%s %10s %7.2fx%n",
              m.label(),
              m.tokens(),
              thousands(m.gasUsed()),
              over ? "*" : " ",
              thousands(m.perToken()),
              figures.ratioToPlain(m)));
    }
    s.append(
        String.format(
            Locale.ROOT,
            "%nSteady state: each contract minted %d tokens before these. Gas used is the whole"
                + " transaction's%n(the 21 000 base and calldata included); tokens go to the"
                + " minter; URIs are 66 bytes (ipfs:// CIDv1).%n",
            WARM_UP));
    if (overCap) {
      s.append(
          String.format(
              Locale.ROOT,
              "* Over the %s gas one transaction may use on Ethereum since Osaka (EIP-7825);"
                  + "%n  measured on a devnet with a %s gas block.%n",
              thousands(TX_GAS_CAP),
              thousands(DEVNET_BLOCK_GAS_LIMIT)));
    }
    if (!figures.batches().isEmpty()) {
      s.append(
          String.format(
              Locale.ROOT,
              "One mintBatch under that cap mints about %d tokens with provenance.%n",
              figures.largestBatchUnderCap()));
    }
    s.append(
        String.format(
            Locale.ROOT,
            "Deployment: plain ERC721 %s gas, AtelierCollection %s gas.%n",
            thousands(figures.plainDeployGas()),
            thousands(figures.collectionDeployGas())));
    return s.toString();
  }

  /** {@code n} with a space between thousands, as the tables write it. */
  static String thousands(long n) {
    return String.format(Locale.ROOT, "%,d", n).replace(',', ' ');
  }

  /** Sends a prepared Atelier mint; the tokens it minted, counted from its Transfer events. */
  private static Measurement minted(
      String label, CollectionContract collection, PreparedTransaction tx, UnlockedAccount minter) {
    MintResult result = collection.send(tx, minter, WAIT);
    return measured(label, result.receipt(), result.tokenIds().size());
  }

  /** A measurement of a mined transaction; fails when it reverted or minted nothing. */
  static Measurement measured(String label, Receipt receipt, int tokens) {
    if (!receipt.success() || tokens == 0) {
      throw new ChainException(
          ChainException.Reason.REVERTED,
          label + ": transaction " + receipt.transactionHash() + " minted nothing");
    }
    return new Measurement(label, tokens, receipt.gasUsed().longValueExact());
  }
}

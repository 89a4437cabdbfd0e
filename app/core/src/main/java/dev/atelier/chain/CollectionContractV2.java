package dev.atelier.chain;

import dev.atelier.chain.BatchSignatures.Batch;
import dev.atelier.chain.ChainException.Reason;
import dev.atelier.wallet.UnlockedAccount;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Bytes4;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint96;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

/**
 * An {@code AtelierCollectionV2} contract (source {@code app/core/src/main/solidity}, compiled
 * artifact {@value #ARTIFACT}): deploy it, mint signed batches into it, read and verify its tokens.
 *
 * <p>A token's id is the SHA-256 of its metadata JSON ({@link BatchToken#tokenId()}); a batch is
 * minted under one license with the owner's {@link BatchSignatures} signature of its {@link
 * BatchTree} root. Writes are two steps as in {@link CollectionContract}: {@code prepareXxx}
 * simulates and prices, {@link #send} signs, sends and waits. {@link #detectVersion} tells a
 * version 2 collection from a version 1 one.
 */
public final class CollectionContractV2 {

  /** The compiled contract on the class path. */
  public static final String ARTIFACT = "/dev/atelier/chain/AtelierCollectionV2.json";

  /** What {@code version()} returns. */
  public static final int VERSION = 2;

  /** {@code BatchMinted(uint256,address,bytes32,uint256,uint256)}. */
  public static final String BATCH_MINTED_TOPIC =
      Hash.sha3String("BatchMinted(uint256,address,bytes32,uint256,uint256)");

  /** {@code BatchMetadataUpdate(uint256,uint256)} of ERC-4906. */
  public static final String BATCH_METADATA_UPDATE_TOPIC =
      Hash.sha3String("BatchMetadataUpdate(uint256,uint256)");

  private static final String ZERO_TOPIC = "0x" + "0".repeat(64);
  private static final ContractArtifact COMPILED = ContractArtifact.load(ARTIFACT);

  private final Transactions txs;
  private final String address;

  /** The contract at {@code address} on the chain of {@code txs}. */
  public CollectionContractV2(Transactions txs, String address) {
    this.txs = Objects.requireNonNull(txs, "txs");
    this.address = dev.atelier.ethereum.Address.checksummed(address);
  }

  /** The compiled contract. */
  public static ContractArtifact artifact() {
    return COMPILED;
  }

  /** The contract's address (EIP-55). */
  public String address() {
    return address;
  }

  /**
   * The version of the Atelier collection at {@code address}: 2 when it answers {@code version()},
   * 1 when it has none but answers {@code nextTokenId()}, as version 1 does.
   *
   * @throws ChainException {@link Reason#RPC_ERROR} when no contract answers there, {@link
   *     Reason#REVERTED} when the contract is neither
   */
  public static int detectVersion(Transactions txs, String address) {
    ContractCalls calls = new ContractCalls(txs, address, COMPILED.abi());
    try {
      return calls.uint("version").intValueExact();
    } catch (ChainException e) {
      if (e.reason() != Reason.REVERTED) {
        throw e;
      }
    }
    try {
      calls.uint("nextTokenId");
      return 1;
    } catch (ChainException e) {
      if (e.reason() != Reason.REVERTED) {
        throw e;
      }
      throw new ChainException(
          Reason.REVERTED,
          "The contract at " + address + " is not an Atelier collection (version 1 or 2)",
          e.revertData());
    }
  }

  /**
   * A deployment owned by {@code from}, simulated and priced.
   *
   * @param royaltyReceiver who gets ERC-2981 royalties
   * @param royaltyBps royalty in basis points, 0 to 10000 (500 = 5 %)
   */
  public static PreparedTransaction prepareDeploy(
      Transactions txs,
      String from,
      String name,
      String symbol,
      String royaltyReceiver,
      int royaltyBps) {
    return CollectionDeployment.prepare(
        txs, COMPILED, from, name, symbol, royaltyReceiver, royaltyBps);
  }

  /** Sends a prepared deployment and waits for it. */
  public static Deployment deploy(
      Transactions txs, PreparedTransaction deployment, UnlockedAccount account, Duration timeout) {
    Receipt receipt = CollectionDeployment.send(txs, COMPILED, deployment, account, timeout);
    return new Deployment(new CollectionContractV2(txs, receipt.contractAddress()), receipt);
  }

  /**
   * Builds a batch's tree and signs it with the owner's account for this contract and chain.
   *
   * @param to who receives the tokens
   * @param tokens the tokens in batch order, at least one
   * @param termsSha256 the SHA-256 of the license terms, hex
   */
  public SignedBatch signBatch(
      UnlockedAccount owner,
      String to,
      List<BatchToken> tokens,
      String licenseId,
      String termsSha256) {
    if (tokens.isEmpty()) {
      throw new IllegalArgumentException("A batch has at least one token");
    }
    BatchTree tree = BatchTree.of(tokens);
    Batch batch = Batch.of(tree, to, licenseId, termsSha256);
    byte[] signature = BatchSignatures.sign(batch, txs.chainId(), address, owner);
    return new SignedBatch(batch.to(), tokens, licenseId, termsSha256, tree, signature);
  }

  /**
   * Signs a batch with the owner's account ({@link #signBatch}), then simulates and prices its
   * {@code mintBatch} from {@code from} (the owner, or anyone paying for it).
   */
  public PreparedBatch prepareMintBatch(
      String from,
      String to,
      List<BatchToken> tokens,
      String licenseId,
      String termsSha256,
      UnlockedAccount owner) {
    SignedBatch batch = signBatch(owner, to, tokens, licenseId, termsSha256);
    return new PreparedBatch(batch, prepareMintBatch(from, batch, false));
  }

  /**
   * Simulates and prices a signed batch's {@code mintBatch}, or {@code safeMintBatch} (which calls
   * {@code onERC721Received} on a contract recipient) when {@code safe}.
   */
  public PreparedTransaction prepareMintBatch(String from, SignedBatch batch, boolean safe) {
    return prepare(from, encodeMintBatch(batch, safe));
  }

  /** The call data of a signed batch's {@code mintBatch} (or {@code safeMintBatch}). */
  public static byte[] encodeMintBatch(SignedBatch batch, boolean safe) {
    List<Bytes32> digests = new ArrayList<>();
    List<Bytes32> provenance = new ArrayList<>();
    for (BatchToken t : batch.tokens()) {
      digests.add(new Bytes32(t.metadataDigest()));
      provenance.add(new Bytes32(t.provenanceHash()));
    }
    Function f =
        new Function(
            safe ? "safeMintBatch" : "mintBatch",
            List.of(
                new Address(batch.to()),
                new DynamicArray<>(Bytes32.class, digests),
                new DynamicArray<>(Bytes32.class, provenance),
                new Utf8String(batch.licenseId()),
                new Bytes32(HexFormat.of().parseHex(batch.termsSha256())),
                new DynamicBytes(batch.signature())),
            List.of());
    return Numeric.hexStringToByteArray(FunctionEncoder.encode(f));
  }

  /** Sets the default ERC-2981 royalty. */
  public PreparedTransaction prepareSetDefaultRoyalty(String from, String receiver, int bps) {
    Function f =
        new Function(
            "setDefaultRoyalty", List.of(new Address(receiver), new Uint96(bps)), List.of());
    return prepare(from, Numeric.hexStringToByteArray(FunctionEncoder.encode(f)));
  }

  /** ERC-7007 {@code addAigcData}: publishes a token's verified provenance in an event. */
  public PreparedTransaction prepareAddAigcData(
      String from, BigInteger tokenId, ProvenanceProof proof) {
    Function f =
        new Function(
            "addAigcData",
            List.of(
                new Uint256(tokenId),
                new DynamicBytes(proof.prompt()),
                new DynamicBytes(proof.aigcData()),
                new DynamicBytes(proof.proof())),
            List.of());
    return prepare(from, Numeric.hexStringToByteArray(FunctionEncoder.encode(f)));
  }

  /** Simulates and prices any call data sent to this contract. */
  public PreparedTransaction prepare(String from, byte[] callData) {
    return txs.prepare(from, address, callData, BigInteger.ZERO, COMPILED.abi());
  }

  /**
   * Signs and sends a prepared call to this contract and waits for its receipt.
   *
   * @return the receipt and the ids of the tokens it minted (empty when it minted none)
   */
  public MintResult send(PreparedTransaction tx, UnlockedAccount account, Duration timeout) {
    if (tx.to() == null || !tx.to().equalsIgnoreCase(address)) {
      throw new IllegalArgumentException("The transaction does not call " + address);
    }
    Receipt receipt = txs.awaitReceipt(txs.send(tx, account), timeout, COMPILED.abi());
    return new MintResult(receipt, mintedTokenIds(receipt));
  }

  /** The ids of tokens this contract minted in a transaction (Transfer events from address 0). */
  public List<BigInteger> mintedTokenIds(Receipt receipt) {
    List<BigInteger> ids = new ArrayList<>();
    for (Receipt.Log log : ownLogs(receipt, CollectionContract.TRANSFER_TOPIC)) {
      if (log.topics().size() == 4 && log.topics().get(1).equals(ZERO_TOPIC)) {
        ids.add(Numeric.toBigInt(log.topics().get(3)));
      }
    }
    return List.copyOf(ids);
  }

  /** The batches a transaction minted ({@code BatchMinted} events). */
  public List<MintedBatch> mintedBatches(Receipt receipt) {
    List<MintedBatch> batches = new ArrayList<>();
    for (Receipt.Log log : ownLogs(receipt, BATCH_MINTED_TOPIC)) {
      byte[] data = Numeric.hexStringToByteArray(log.data());
      batches.add(
          new MintedBatch(
              Numeric.toBigInt(log.topics().get(1)).longValueExact(),
              Keys.toChecksumAddress(
                  "0x" + log.topics().get(2).substring(log.topics().get(2).length() - 40)),
              HexFormat.of().formatHex(data, 0, 32),
              new BigInteger(1, java.util.Arrays.copyOfRange(data, 32, 64)).intValueExact(),
              new BigInteger(1, java.util.Arrays.copyOfRange(data, 64, 96)).intValueExact()));
    }
    return List.copyOf(batches);
  }

  /** How many {@code BatchMetadataUpdate} events (ERC-4906) a transaction has. */
  public int batchMetadataUpdates(Receipt receipt) {
    return ownLogs(receipt, BATCH_METADATA_UPDATE_TOPIC).size();
  }

  /** {@code version()}: 2. */
  public int version() {
    return calls().uint("version").intValueExact();
  }

  public String owner() {
    return calls().address("owner");
  }

  public String name() {
    return calls().string("name");
  }

  public String symbol() {
    return calls().string("symbol");
  }

  public String ownerOf(BigInteger tokenId) {
    return calls().address("ownerOf", new Uint256(tokenId));
  }

  public String tokenUri(BigInteger tokenId) {
    return calls().string("tokenURI", new Uint256(tokenId));
  }

  /** The {@code ipfs://} URI the contract writes for a metadata digest. */
  public String metadataUri(byte[] digest) {
    return calls().string("metadataUri", new Bytes32(digest));
  }

  /** A token's license. */
  public CollectionContract.TokenLicense license(BigInteger tokenId) {
    List<Type> out =
        calls()
            .read(
                "license",
                List.of(new Uint256(tokenId)),
                new TypeReference<Utf8String>() {},
                new TypeReference<Bytes32>() {});
    return new CollectionContract.TokenLicense(
        (String) out.get(0).getValue(), HexFormat.of().formatHex((byte[]) out.get(1).getValue()));
  }

  /** The batch a token was minted in, and its leaf's position there. */
  public BatchPosition batchOf(BigInteger tokenId) {
    List<Type> out =
        calls()
            .read(
                "batchOf",
                List.of(new Uint256(tokenId)),
                new TypeReference<Uint256>() {},
                new TypeReference<Uint256>() {});
    return new BatchPosition(
        ((BigInteger) out.get(0).getValue()).longValueExact(),
        ((BigInteger) out.get(1).getValue()).intValueExact());
  }

  /** A batch's Merkle root. */
  public byte[] batchRoot(long batchIndex) {
    return calls().bytes32("batchRoot", new Uint256(batchIndex));
  }

  /** How many batches were minted. */
  public long batchCount() {
    return calls().uint("batchCount").longValueExact();
  }

  /** ERC-2981: who receives how much of a sale at {@code salePrice}. */
  public CollectionContract.Royalty royaltyInfo(BigInteger tokenId, BigInteger salePrice) {
    List<Type> out =
        calls()
            .read(
                "royaltyInfo",
                List.of(new Uint256(tokenId), new Uint256(salePrice)),
                new TypeReference<Address>() {},
                new TypeReference<Uint256>() {});
    return new CollectionContract.Royalty(
        Keys.toChecksumAddress(out.get(0).toString()), (BigInteger) out.get(1).getValue());
  }

  /**
   * ERC-7007 {@code verify}: is {@code proof} (see {@link #proofOf}) the collection owner's
   * provenance of its token?
   */
  public boolean verify(ProvenanceProof proof) {
    return (Boolean)
        calls()
            .read(
                "verify",
                List.of(
                    new DynamicBytes(proof.prompt()),
                    new DynamicBytes(proof.aigcData()),
                    new DynamicBytes(proof.proof())),
                new TypeReference<Bool>() {})
            .get(0)
            .getValue();
  }

  /**
   * The ERC-7007 arguments of a token for {@link #verify}: {@code prompt} (the canonical record, or
   * empty), its {@code aigcData}, and {@code proof = abi.encode(bytes signature, uint256 tokenId,
   * bytes32[] merkleProof)}.
   */
  public static ProvenanceProof proofOf(byte[] prompt, BatchToken token, List<byte[]> merkleProof) {
    return new ProvenanceProof(
        prompt, token.aigcData(), encodeProof(token.signature(), token.tokenId(), merkleProof));
  }

  /** {@code abi.encode(bytes signature, uint256 tokenId, bytes32[] merkleProof)}. */
  public static byte[] encodeProof(byte[] signature, BigInteger tokenId, List<byte[]> merkleProof) {
    List<Bytes32> path = merkleProof.stream().map(Bytes32::new).toList();
    return Numeric.hexStringToByteArray(
        FunctionEncoder.encodeConstructor(
            List.of(
                new DynamicBytes(signature),
                new Uint256(tokenId),
                new DynamicArray<>(Bytes32.class, path))));
  }

  /** The version 1 EIP-712 digest the contract computes for {@code aigcData} on its chain. */
  public String provenanceDigest(byte[] aigcData) {
    return Numeric.toHexString(calls().bytes32("provenanceDigest", new DynamicBytes(aigcData)));
  }

  /** The EIP-712 digest the contract computes for a batch. */
  public String mintBatchDigest(Batch batch) {
    return Numeric.toHexString(
        calls()
            .bytes32(
                "mintBatchDigest",
                new Bytes32(batch.root()),
                new Address(batch.to()),
                new Uint256(batch.count()),
                new Bytes32(batch.licenseHash())));
  }

  /** ERC-165. */
  public boolean supportsInterface(String interfaceIdHex) {
    return (Boolean)
        calls()
            .read(
                "supportsInterface",
                List.of(new Bytes4(Numeric.hexStringToByteArray(interfaceIdHex))),
                new TypeReference<Bool>() {})
            .get(0)
            .getValue();
  }

  private ContractCalls calls() {
    return new ContractCalls(txs, address, COMPILED.abi());
  }

  private List<Receipt.Log> ownLogs(Receipt receipt, String topic) {
    return receipt.logs().stream()
        .filter(l -> l.address().equalsIgnoreCase(address))
        .filter(l -> !l.topics().isEmpty() && l.topics().get(0).equalsIgnoreCase(topic))
        .toList();
  }

  /** A deployed collection and the deployment's receipt. */
  public record Deployment(CollectionContractV2 contract, Receipt receipt) {}

  /** A mined call and the tokens it minted. */
  public record MintResult(Receipt receipt, List<BigInteger> tokenIds) {}

  /** A signed batch and its simulated, priced {@code mintBatch}. */
  public record PreparedBatch(SignedBatch batch, PreparedTransaction transaction) {}

  /** Where a token's leaf is: its batch and its position there. */
  public record BatchPosition(long batchIndex, int position) {}
}

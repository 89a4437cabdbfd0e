package dev.atelier.chain;

import dev.atelier.chain.ChainException.Reason;
import dev.atelier.wallet.UnlockedAccount;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
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
 * An {@code AtelierCollection} contract (source {@code app/core/src/main/solidity}, compiled
 * artifact {@value #ARTIFACT}): deploy it, mint into it, read it.
 *
 * <p>Every write is two steps: {@code prepareXxx} simulates the call (a revert fails here, with its
 * reason, before anything is signed) and prices it ({@link PreparedTransaction}: gas estimate,
 * fees, most it can cost); {@link #send} or {@link #deploy(Transactions, PreparedTransaction,
 * UnlockedAccount, Duration)} then signs it, sends it and waits for the receipt.
 */
public final class CollectionContract {

  /** The compiled contract on the class path. */
  public static final String ARTIFACT = "/dev/atelier/chain/AtelierCollection.json";

  /** {@code Transfer(address,address,uint256)}: topic 0 of ERC-721 transfers and mints. */
  public static final String TRANSFER_TOPIC = Hash.sha3String("Transfer(address,address,uint256)");

  /** {@code MetadataUpdate(uint256)} of ERC-4906. */
  public static final String METADATA_UPDATE_TOPIC = Hash.sha3String("MetadataUpdate(uint256)");

  /** {@code AigcData(uint256,bytes,bytes,bytes)} of ERC-7007. */
  public static final String AIGC_DATA_TOPIC =
      Hash.sha3String("AigcData(uint256,bytes,bytes,bytes)");

  /** {@code BatchMinted(address,uint256,uint256)}. */
  public static final String BATCH_MINTED_TOPIC =
      Hash.sha3String("BatchMinted(address,uint256,uint256)");

  /**
   * The ERC-165 interface id of ERC-7007 ({@code addAigcData} and {@code verify}): what tells an
   * Atelier-style collection, which takes provenance mints, from a plain ERC-721.
   */
  public static final String ERC7007_INTERFACE_ID =
      interfaceId("addAigcData(uint256,bytes,bytes,bytes)", "verify(bytes,bytes,bytes)");

  private static final String ZERO_TOPIC = "0x" + "0".repeat(64);
  private static final ContractArtifact COMPILED = ContractArtifact.load(ARTIFACT);

  private final Transactions txs;
  private final String address;

  /** The contract at {@code address} on the chain of {@code txs}. */
  public CollectionContract(Transactions txs, String address) {
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
    return new Deployment(new CollectionContract(txs, receipt.contractAddress()), receipt);
  }

  /** Mints one token with a license and no provenance. */
  public PreparedTransaction prepareMint(
      String from, String to, String uri, String licenseId, String termsSha256) {
    return prepare(
        from,
        new Function(
            "mint",
            List.of(
                new Address(to),
                new Utf8String(uri),
                new Utf8String(licenseId),
                bytes32(termsSha256)),
            List.of()));
  }

  /** Mints one token whose license and provenance come from the creator's signature. */
  public PreparedTransaction prepareMintWithProvenance(
      String from, String to, String uri, ProvenanceProof proof) {
    return prepare(
        from,
        new Function(
            "mintWithProvenance",
            List.of(
                new Address(to),
                new Utf8String(uri),
                new DynamicBytes(proof.prompt()),
                new DynamicBytes(proof.aigcData()),
                new DynamicBytes(proof.proof())),
            List.of()));
  }

  /** Mints {@code uris.size()} tokens in one transaction, token i with proof i. */
  public PreparedTransaction prepareMintBatch(
      String from, String to, List<String> uris, List<ProvenanceProof> proofs) {
    if (uris.isEmpty() || uris.size() != proofs.size()) {
      throw new IllegalArgumentException(
          "A batch needs as many proofs as URIs, at least one ("
              + uris.size()
              + " URIs, "
              + proofs.size()
              + " proofs)");
    }
    List<Utf8String> u = uris.stream().map(Utf8String::new).toList();
    List<DynamicBytes> prompts = proofs.stream().map(p -> new DynamicBytes(p.prompt())).toList();
    List<DynamicBytes> data = proofs.stream().map(p -> new DynamicBytes(p.aigcData())).toList();
    List<DynamicBytes> sigs = proofs.stream().map(p -> new DynamicBytes(p.proof())).toList();
    return prepare(
        from,
        new Function(
            "mintBatch",
            List.of(
                new Address(to),
                new DynamicArray<>(Utf8String.class, u),
                new DynamicArray<>(DynamicBytes.class, prompts),
                new DynamicArray<>(DynamicBytes.class, data),
                new DynamicArray<>(DynamicBytes.class, sigs)),
            List.of()));
  }

  /** ERC-7007 {@code addAigcData}: adds provenance to a token minted without it. */
  public PreparedTransaction prepareAddAigcData(String from, long tokenId, ProvenanceProof proof) {
    return prepare(
        from,
        new Function(
            "addAigcData",
            List.of(
                new Uint256(tokenId),
                new DynamicBytes(proof.prompt()),
                new DynamicBytes(proof.aigcData()),
                new DynamicBytes(proof.proof())),
            List.of()));
  }

  /** Sets the default ERC-2981 royalty. */
  public PreparedTransaction prepareSetDefaultRoyalty(String from, String receiver, int bps) {
    return prepare(
        from,
        new Function(
            "setDefaultRoyalty", List.of(new Address(receiver), new Uint96(bps)), List.of()));
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
    String hash = txs.send(tx, account);
    Receipt receipt = txs.awaitReceipt(hash, timeout, COMPILED.abi());
    return new MintResult(receipt, mintedTokenIds(receipt));
  }

  /** The ids of tokens this contract minted in a transaction (Transfer events from address 0). */
  public List<Long> mintedTokenIds(Receipt receipt) {
    List<Long> ids = new ArrayList<>();
    for (Receipt.Log log : ownLogs(receipt, TRANSFER_TOPIC)) {
      if (log.topics().size() == 4 && log.topics().get(1).equals(ZERO_TOPIC)) {
        ids.add(Numeric.toBigInt(log.topics().get(3)).longValueExact());
      }
    }
    return List.copyOf(ids);
  }

  /** The token ids of the ERC-4906 {@code MetadataUpdate} events in a transaction. */
  public List<Long> metadataUpdates(Receipt receipt) {
    List<Long> ids = new ArrayList<>();
    for (Receipt.Log log : ownLogs(receipt, METADATA_UPDATE_TOPIC)) {
      ids.add(Numeric.toBigInt(log.data()).longValueExact());
    }
    return List.copyOf(ids);
  }

  /** The token ids of the ERC-7007 {@code AigcData} events in a transaction. */
  public List<Long> aigcDataEvents(Receipt receipt) {
    List<Long> ids = new ArrayList<>();
    for (Receipt.Log log : ownLogs(receipt, AIGC_DATA_TOPIC)) {
      ids.add(Numeric.toBigInt(log.topics().get(1)).longValueExact());
    }
    return List.copyOf(ids);
  }

  public String owner() {
    return Keys.toChecksumAddress(
        read("owner", List.of(), new TypeReference<Address>() {}).get(0).toString());
  }

  public String name() {
    return (String) read("name", List.of(), new TypeReference<Utf8String>() {}).get(0).getValue();
  }

  public String symbol() {
    return (String) read("symbol", List.of(), new TypeReference<Utf8String>() {}).get(0).getValue();
  }

  public String ownerOf(long tokenId) {
    return Keys.toChecksumAddress(
        read("ownerOf", List.of(new Uint256(tokenId)), new TypeReference<Address>() {})
            .get(0)
            .toString());
  }

  public String tokenUri(long tokenId) {
    return (String)
        read("tokenURI", List.of(new Uint256(tokenId)), new TypeReference<Utf8String>() {})
            .get(0)
            .getValue();
  }

  /** The id the next minted token gets. */
  public long nextTokenId() {
    return ((BigInteger)
            read("nextTokenId", List.of(), new TypeReference<Uint256>() {}).get(0).getValue())
        .longValueExact();
  }

  /** A token's license. */
  public TokenLicense license(long tokenId) {
    List<Type> out =
        read(
            "license",
            List.of(new Uint256(tokenId)),
            new TypeReference<Utf8String>() {},
            new TypeReference<Bytes32>() {});
    return new TokenLicense(
        (String) out.get(0).getValue(), HexFormat.of().formatHex((byte[]) out.get(1).getValue()));
  }

  /** A token's provenance: record hash, pixels hash (hex, no prefix) and signature. */
  public TokenProvenance provenance(long tokenId) {
    List<Type> out =
        read(
            "provenance",
            List.of(new Uint256(tokenId)),
            new TypeReference<Bytes32>() {},
            new TypeReference<Bytes32>() {},
            new TypeReference<DynamicBytes>() {});
    return new TokenProvenance(
        HexFormat.of().formatHex((byte[]) out.get(0).getValue()),
        HexFormat.of().formatHex((byte[]) out.get(1).getValue()),
        Numeric.toHexString((byte[]) out.get(2).getValue()));
  }

  /** ERC-2981: who receives how much of a sale at {@code salePrice}. */
  public Royalty royaltyInfo(long tokenId, BigInteger salePrice) {
    List<Type> out =
        read(
            "royaltyInfo",
            List.of(new Uint256(tokenId), new Uint256(salePrice)),
            new TypeReference<Address>() {},
            new TypeReference<Uint256>() {});
    return new Royalty(
        Keys.toChecksumAddress(out.get(0).toString()), (BigInteger) out.get(1).getValue());
  }

  /** ERC-7007 {@code verify}: is {@code proof} the collection owner's signature of the data? */
  public boolean verify(ProvenanceProof proof) {
    return (Boolean)
        read(
                "verify",
                List.of(
                    new DynamicBytes(proof.prompt()),
                    new DynamicBytes(proof.aigcData()),
                    new DynamicBytes(proof.proof())),
                new TypeReference<Bool>() {})
            .get(0)
            .getValue();
  }

  /** The EIP-712 digest the contract computes for {@code aigcData} on its chain. */
  public String provenanceDigest(byte[] aigcData) {
    return Numeric.toHexString(
        (byte[])
            read(
                    "provenanceDigest",
                    List.of(new DynamicBytes(aigcData)),
                    new TypeReference<Bytes32>() {})
                .get(0)
                .getValue());
  }

  /** ERC-165. */
  public boolean supportsInterface(String interfaceIdHex) {
    return (Boolean)
        read(
                "supportsInterface",
                List.of(new Bytes4(Numeric.hexStringToByteArray(interfaceIdHex))),
                new TypeReference<Bool>() {})
            .get(0)
            .getValue();
  }

  private PreparedTransaction prepare(String from, Function f) {
    return txs.prepare(
        from,
        address,
        Numeric.hexStringToByteArray(FunctionEncoder.encode(f)),
        BigInteger.ZERO,
        COMPILED.abi());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private List<Type> read(String name, List<Type> inputs, TypeReference<?>... outputs) {
    Function f = new Function(name, inputs, List.of(outputs));
    byte[] result =
        txs.call(address, Numeric.hexStringToByteArray(FunctionEncoder.encode(f)), COMPILED.abi());
    if (result.length == 0) {
      throw new ChainException(
          Reason.RPC_ERROR,
          "No contract answers at " + address + " on chain " + txs.chainId() + " (" + name + ")");
    }
    return FunctionReturnDecoder.decode(
        Numeric.toHexString(result), (List) f.getOutputParameters());
  }

  private List<Receipt.Log> ownLogs(Receipt receipt, String topic) {
    return receipt.logs().stream()
        .filter(l -> l.address().equalsIgnoreCase(address))
        .filter(l -> !l.topics().isEmpty() && l.topics().get(0).equalsIgnoreCase(topic))
        .toList();
  }

  /** XOR of the functions' selectors (ERC-165). */
  private static String interfaceId(String... signatures) {
    byte[] id = new byte[4];
    for (String signature : signatures) {
      byte[] hash = Hash.sha3(signature.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      for (int i = 0; i < 4; i++) {
        id[i] ^= hash[i];
      }
    }
    return Numeric.toHexString(id);
  }

  private static Bytes32 bytes32(String hex) {
    return new Bytes32(Numeric.hexStringToByteArray(hex));
  }

  /** A deployed collection and the deployment's receipt. */
  public record Deployment(CollectionContract contract, Receipt receipt) {}

  /** A mined call and the tokens it minted. */
  public record MintResult(Receipt receipt, List<Long> tokenIds) {}

  /** A token's license: id and SHA-256 of the terms (hex, no prefix). */
  public record TokenLicense(String licenseId, String termsSha256) {}

  /** A token's on-chain provenance; zero hashes and {@code 0x} when it has none. */
  public record TokenProvenance(String recordSha256, String pixelsSha256, String proof) {}

  /** An ERC-2981 royalty. */
  public record Royalty(String receiver, BigInteger amount) {}
}

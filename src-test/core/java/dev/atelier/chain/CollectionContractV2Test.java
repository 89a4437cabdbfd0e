package dev.atelier.chain;

import static dev.atelier.chain.ChainFixtures.ADDRESS_0;
import static dev.atelier.chain.ChainFixtures.ADDRESS_1;
import static dev.atelier.chain.ChainFixtures.CC_BY_TERMS;
import static dev.atelier.chain.ChainFixtures.KEY_0;
import static dev.atelier.chain.ChainFixtures.KEY_1;
import static dev.atelier.chain.V2Fixtures.LICENSE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.chain.BatchSignatures.Batch;
import dev.atelier.chain.ChainException.Reason;
import dev.atelier.chain.CollectionContractV2.MintResult;
import dev.atelier.chain.V2Fixtures.Asset;
import dev.atelier.content.Cid;
import dev.atelier.provenance.ProvenanceSignatures;
import dev.atelier.wallet.TestAccounts;
import dev.atelier.wallet.UnlockedAccount;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** AtelierCollectionV2 on a real Anvil node, driven through CollectionContractV2. */
class CollectionContractV2Test {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final long CHAIN = Devnet.CHAIN_ID;

  private static Devnet devnet;
  private static Transactions txs;

  private UnlockedAccount creator;
  private CollectionContractV2 collection;

  @BeforeAll
  static void startDevnet() {
    devnet = Devnet.start();
    txs = new Transactions(devnet.rpc(), CHAIN);
  }

  @AfterAll
  static void stopDevnet() {
    devnet.close();
  }

  @BeforeEach
  void deploy() {
    creator = TestAccounts.unlocked(KEY_0);
    PreparedTransaction tx =
        CollectionContractV2.prepareDeploy(txs, ADDRESS_0, "Ember Waves", "EMBER", ADDRESS_1, 750);
    collection = CollectionContractV2.deploy(txs, tx, creator, WAIT).contract();
  }

  @AfterEach
  void lock() {
    creator.close();
  }

  @Test
  void answersVersion2AndItsInterfacesAndTellsVersion1Apart() {
    assertThat(collection.version()).isEqualTo(2);
    assertThat(collection.owner()).isEqualTo(ADDRESS_0);
    assertThat(collection.name()).isEqualTo("Ember Waves");
    assertThat(collection.symbol()).isEqualTo("EMBER");
    assertThat(collection.batchCount()).isZero();
    for (String id : List.of("0x80ac58cd", "0x5b5e139f", "0x2a55205a", "0x49064906")) {
      assertThat(collection.supportsInterface(id)).as(id).isTrue();
    }
    assertThat(collection.supportsInterface(CollectionContract.ERC7007_INTERFACE_ID)).isTrue();
    assertThat(collection.supportsInterface("0xffffffff")).isFalse();

    CollectionContract v1 =
        CollectionContract.deploy(
                txs,
                CollectionContract.prepareDeploy(txs, ADDRESS_0, "Old", "OLD", ADDRESS_0, 0),
                creator,
                WAIT)
            .contract();
    assertThat(CollectionContractV2.detectVersion(txs, collection.address())).isEqualTo(2);
    assertThat(CollectionContractV2.detectVersion(txs, v1.address())).isEqualTo(1);
    assertThatThrownBy(() -> CollectionContractV2.detectVersion(txs, ADDRESS_1))
        .isInstanceOf(ChainException.class)
        .extracting(e -> ((ChainException) e).reason())
        .isEqualTo(Reason.RPC_ERROR);
  }

  @Test
  void mintsFiftyTokensEachWithItsCidUriLicenseBatchAndVerifiableProvenance() {
    List<Asset> assets = V2Fixtures.assets(creator, CHAIN, 0, 50);
    SignedBatch batch =
        collection.signBatch(creator, ADDRESS_1, V2Fixtures.tokens(assets), LICENSE, CC_BY_TERMS);
    MintResult result =
        collection.send(collection.prepareMintBatch(ADDRESS_0, batch, false), creator, WAIT);

    List<BigInteger> ids = assets.stream().map(a -> a.token().tokenId()).toList();
    assertThat(result.tokenIds()).isEqualTo(ids);
    MintedBatch minted = collection.mintedBatches(result.receipt()).getFirst();
    assertThat(minted)
        .isEqualTo(
            new MintedBatch(0, ADDRESS_1, HexFormat.of().formatHex(batch.tree().root()), 50, 0));
    assertThat(collection.batchRoot(0)).isEqualTo(batch.tree().root());
    for (int i = 0; i < 50; i++) {
      Asset a = assets.get(i);
      BigInteger id = ids.get(i);
      assertThat(id).isEqualTo(new BigInteger(1, a.metadata().cid().digest()));
      assertThat(collection.ownerOf(id)).isEqualTo(ADDRESS_1);
      assertThat(collection.tokenUri(id)).isEqualTo(a.metadata().cid().ipfsUri());
      assertThat(collection.license(id))
          .isEqualTo(new CollectionContract.TokenLicense(LICENSE, CC_BY_TERMS));
      assertThat(collection.batchOf(id)).isEqualTo(new CollectionContractV2.BatchPosition(0, i));
      assertThat(collection.verify(batch.proof(i, a.prompt()))).as("token %d", i).isTrue();
      assertThat(collection.verify(batch.proof(i, new byte[0]))).as("token %d", i).isTrue();
      for (Tamper t : tampered(batch, assets, i)) {
        assertThat(collection.verify(t.proof())).as("token %d, %s", i, t.what()).isFalse();
      }
    }
    CollectionContract.Royalty royalty = collection.royaltyInfo(ids.get(0), BigInteger.TEN.pow(4));
    assertThat(royalty)
        .isEqualTo(new CollectionContract.Royalty(ADDRESS_1, BigInteger.valueOf(750)));
  }

  @Test
  void metadataUriIsCidsTextForRandomDigests() {
    Random random = new Random(17);
    for (int i = 0; i < 100; i++) {
      byte[] digest = new byte[32];
      random.nextBytes(digest);
      if (i == 0) {
        digest = new byte[32]; // all zeros
      } else if (i == 1) {
        java.util.Arrays.fill(digest, (byte) 0xff);
      }
      assertThat(collection.metadataUri(digest))
          .isEqualTo(Cid.ofDigest(Cid.Codec.RAW, digest).ipfsUri());
    }
  }

  @Test
  void theSameDigestCannotMintTwiceInOneBatchOrAcrossBatches() {
    List<Asset> assets = V2Fixtures.assets(creator, CHAIN, 100, 3);
    List<BatchToken> twice = new ArrayList<>(V2Fixtures.tokens(assets));
    twice.add(assets.get(1).token());
    SignedBatch dup = collection.signBatch(creator, ADDRESS_0, twice, LICENSE, CC_BY_TERMS);
    String id1 = assets.get(1).token().tokenId().toString();
    assertThatThrownBy(() -> collection.prepareMintBatch(ADDRESS_0, dup, false))
        .isInstanceOf(ChainException.class)
        .hasMessageContaining("TokenAlreadyMinted(tokenId=" + id1 + ")");

    mint(V2Fixtures.tokens(assets.subList(0, 2)));
    SignedBatch again =
        collection.signBatch(
            creator, ADDRESS_0, V2Fixtures.tokens(assets.subList(1, 3)), LICENSE, CC_BY_TERMS);
    assertThatThrownBy(() -> collection.prepareMintBatch(ADDRESS_0, again, false))
        .isInstanceOf(ChainException.class)
        .hasMessageContaining("TokenAlreadyMinted(tokenId=" + id1 + ")");
    assertThat(collection.batchCount()).isEqualTo(1);
  }

  @Test
  void refusesAnotherSignerChainContractRecipientLicenseOrAnyChangedLeaf() {
    List<BatchToken> tokens = V2Fixtures.tokens(V2Fixtures.assets(creator, CHAIN, 200, 5));
    SignedBatch good = collection.signBatch(creator, ADDRESS_0, tokens, LICENSE, CC_BY_TERMS);
    Batch b = Batch.of(good.tree(), ADDRESS_0, LICENSE, CC_BY_TERMS);

    try (UnlockedAccount stranger = TestAccounts.unlocked(KEY_1)) {
      byte[] theirs = BatchSignatures.sign(b, CHAIN, collection.address(), stranger);
      refused(withSignature(good, theirs), ADDRESS_1.toLowerCase());
    }
    refused(withSignature(good, BatchSignatures.sign(b, 1, collection.address(), creator)), null);
    refused(withSignature(good, BatchSignatures.sign(b, CHAIN, ADDRESS_1, creator)), null);
    // The same signature over other batch contents.
    List<BatchToken> changed = new ArrayList<>(tokens);
    BatchToken t = tokens.get(3);
    byte[] data = t.aigcData();
    data[5] ^= 1;
    changed.set(3, new BatchToken(t.metadataDigest(), data, t.signature()));
    refused(withTokens(good, changed), null);
    byte[] digest = t.metadataDigest();
    digest[0] ^= (byte) 0x80;
    changed.set(3, new BatchToken(digest, t.aigcData(), t.signature()));
    refused(withTokens(good, changed), null);
    refused(withTokens(good, tokens.subList(0, 4)), null);
    refused(
        new SignedBatch(ADDRESS_1, tokens, LICENSE, CC_BY_TERMS, good.tree(), good.signature()),
        null);
    refused(
        new SignedBatch(ADDRESS_0, tokens, "CC0-1.0", CC_BY_TERMS, good.tree(), good.signature()),
        null);
    // A relayer may send the owner's batch; the tokens go where the owner said.
    try (UnlockedAccount relayer = TestAccounts.unlocked(KEY_1)) {
      MintResult r =
          collection.send(collection.prepareMintBatch(ADDRESS_1, good, false), relayer, WAIT);
      assertThat(r.tokenIds()).hasSize(5);
      assertThat(collection.ownerOf(r.tokenIds().get(0))).isEqualTo(ADDRESS_0);
    }
  }

  @Test
  void digestsTheContractComputesAreTheOnesJavaSigns() {
    Asset a = V2Fixtures.asset(creator, CHAIN, 300);
    assertThat(collection.provenanceDigest(a.token().aigcData()))
        .isEqualTo(ProvenanceSignatures.digest(a.record(), CHAIN));
    Batch b = Batch.of(BatchTree.of(List.of(a.token())), ADDRESS_1, LICENSE, CC_BY_TERMS);
    assertThat(collection.mintBatchDigest(b))
        .isEqualTo(BatchSignatures.digest(b, CHAIN, collection.address()));
  }

  @Test
  void eachLicenseIsRegisteredOnceAndEachTokenKeepsItsOwn() {
    List<Asset> assets = V2Fixtures.assets(creator, CHAIN, 400, 3);
    String cc0Terms = "a".repeat(64);
    mint(V2Fixtures.tokens(assets.subList(0, 1)));
    SignedBatch other =
        collection.signBatch(
            creator, ADDRESS_0, V2Fixtures.tokens(assets.subList(1, 2)), "CC0-1.0", cc0Terms);
    MintResult second =
        collection.send(collection.prepareMintBatch(ADDRESS_0, other, false), creator, WAIT);
    MintResult third = mint(V2Fixtures.tokens(assets.subList(2, 3)));

    assertThat(collection.mintedBatches(second.receipt()).getFirst().licenseIndex()).isEqualTo(1);
    assertThat(collection.mintedBatches(third.receipt()).getFirst().licenseIndex()).isZero();
    assertThat(collection.license(assets.get(1).token().tokenId()))
        .isEqualTo(new CollectionContract.TokenLicense("CC0-1.0", cc0Terms));
    assertThat(collection.license(assets.get(2).token().tokenId()).licenseId()).isEqualTo(LICENSE);
    // Token 1's provenance names CC-BY, its batch CC0: verify says no.
    assertThat(collection.verify(other.proof(0, new byte[0]))).isFalse();
    assertThat(collection.batchCount()).isEqualTo(3);
  }

  @Test
  void aRoyaltyChangeAsksMarketplacesToRefreshEveryToken() {
    MintResult r =
        collection.send(
            collection.prepareSetDefaultRoyalty(ADDRESS_0, ADDRESS_0, 250), creator, WAIT);
    assertThat(collection.batchMetadataUpdates(r.receipt())).isEqualTo(1);
    assertThatThrownBy(() -> collection.prepareSetDefaultRoyalty(ADDRESS_1, ADDRESS_1, 1))
        .hasMessageContaining("Unauthorized");
  }

  @Test
  void addAigcDataPublishesOnlyVerifiedProvenance() {
    List<Asset> assets = V2Fixtures.assets(creator, CHAIN, 500, 2);
    SignedBatch batch =
        collection.signBatch(creator, ADDRESS_0, V2Fixtures.tokens(assets), LICENSE, CC_BY_TERMS);
    collection.send(collection.prepareMintBatch(ADDRESS_0, batch, false), creator, WAIT);
    BigInteger id = assets.get(0).token().tokenId();

    MintResult r =
        collection.send(
            collection.prepareAddAigcData(ADDRESS_0, id, batch.proof(0, assets.get(0).prompt())),
            creator,
            WAIT);
    assertThat(r.receipt().logs())
        .anyMatch(l -> l.topics().get(0).equals(CollectionContract.AIGC_DATA_TOPIC));
    assertThatThrownBy(
            () -> collection.prepareAddAigcData(ADDRESS_0, id, batch.proof(1, new byte[0])))
        .hasMessageContaining("TokenMismatch");
    ProvenanceProof wrong = batch.proof(0, assets.get(1).prompt());
    assertThatThrownBy(() -> collection.prepareAddAigcData(ADDRESS_0, id, wrong))
        .hasMessageContaining("InvalidProvenance(tokenId=" + id + ")");
  }

  private MintResult mint(List<BatchToken> tokens) {
    SignedBatch batch = collection.signBatch(creator, ADDRESS_0, tokens, LICENSE, CC_BY_TERMS);
    return collection.send(collection.prepareMintBatch(ADDRESS_0, batch, false), creator, WAIT);
  }

  /** The batch is refused with InvalidBatchSignature (naming {@code signer} when given). */
  private void refused(SignedBatch batch, String signer) {
    assertThatThrownBy(() -> collection.prepareMintBatch(ADDRESS_0, batch, false))
        .isInstanceOf(ChainException.class)
        .hasMessageContaining("InvalidBatchSignature(signer=" + (signer == null ? "" : signer))
        .extracting(e -> ((ChainException) e).reason())
        .isEqualTo(Reason.REVERTED);
  }

  private static SignedBatch withSignature(SignedBatch b, byte[] signature) {
    return new SignedBatch(b.to(), b.tokens(), b.licenseId(), b.termsSha256(), b.tree(), signature);
  }

  private static SignedBatch withTokens(SignedBatch b, List<BatchToken> tokens) {
    return new SignedBatch(
        b.to(), tokens, b.licenseId(), b.termsSha256(), BatchTree.of(tokens), b.signature());
  }

  record Tamper(String what, ProvenanceProof proof) {}

  /** Token i's ERC-7007 arguments with one thing changed, one of each kind. */
  private static List<Tamper> tampered(SignedBatch batch, List<Asset> assets, int i) {
    Asset a = assets.get(i);
    BatchToken t = a.token();
    List<byte[]> path = batch.tree().proof(i);
    List<Tamper> out = new ArrayList<>();
    byte[] prompt = a.prompt();
    prompt[prompt.length / 2] ^= 1;
    out.add(new Tamper("prompt", CollectionContractV2.proofOf(prompt, t, path)));
    String[] fields = {"recordHash", "pixelsHash", "weightsHash", "creator", "", "termsHash"};
    for (int f = 0; f < 7; f++) {
      // Word f of the head; the license id (word 4 is its offset) is changed in its text.
      int at = f == 4 ? 256 : 32 * f + 31;
      byte[] data = t.aigcData();
      data[at] ^= 1;
      String what = f == 4 ? "licenseId" : f == 6 ? "timestamp" : fields[f];
      out.add(new Tamper(what, proof(a.prompt(), data, t.signature(), t.tokenId(), path)));
    }
    byte[] sig = t.signature();
    sig[7] ^= 1;
    out.add(new Tamper("signature", proof(a.prompt(), t.aigcData(), sig, t.tokenId(), path)));
    BatchToken other = assets.get((i + 1) % assets.size()).token();
    out.add(
        new Tamper(
            "token id", proof(a.prompt(), t.aigcData(), t.signature(), other.tokenId(), path)));
    List<byte[]> flipped = new ArrayList<>(path);
    byte[] first = flipped.getFirst();
    first[31] ^= 1;
    flipped.set(0, first);
    out.add(
        new Tamper("merkle proof element", CollectionContractV2.proofOf(a.prompt(), t, flipped)));
    out.add(
        new Tamper(
            "merkle proof shortened",
            CollectionContractV2.proofOf(a.prompt(), t, path.subList(0, path.size() - 1))));
    out.add(
        new Tamper(
            "another token's merkle proof",
            CollectionContractV2.proofOf(
                a.prompt(), t, batch.tree().proof((i + 1) % assets.size()))));
    return out;
  }

  private static ProvenanceProof proof(
      byte[] prompt, byte[] aigcData, byte[] sig, BigInteger id, List<byte[]> path) {
    return new ProvenanceProof(prompt, aigcData, CollectionContractV2.encodeProof(sig, id, path));
  }
}

package dev.atelier.chain;

import static dev.atelier.chain.ChainFixtures.ADDRESS_0;
import static dev.atelier.chain.ChainFixtures.ADDRESS_1;
import static dev.atelier.chain.ChainFixtures.CC_BY_TERMS;
import static dev.atelier.chain.ChainFixtures.KEY_0;
import static dev.atelier.chain.ChainFixtures.KEY_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.chain.ChainException.Reason;
import dev.atelier.chain.CollectionContract.Deployment;
import dev.atelier.chain.CollectionContract.MintResult;
import dev.atelier.mint.ProvenanceProofs;
import dev.atelier.provenance.ProvenanceRecord;
import dev.atelier.provenance.ProvenanceSignatures;
import dev.atelier.wallet.TestAccounts;
import dev.atelier.wallet.UnlockedAccount;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The AtelierCollection contract on a real Anvil node, driven from Java. */
class CollectionContractTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final long CHAIN = Devnet.CHAIN_ID;

  private static Devnet devnet;
  private static Transactions txs;

  private UnlockedAccount creator;
  private CollectionContract collection;

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
    PreparedTransaction prepared =
        CollectionContract.prepareDeploy(txs, ADDRESS_0, "Ember Waves", "EMBER", ADDRESS_1, 750);
    assertThat(prepared.isDeployment()).isTrue();
    assertThat(prepared.gasEstimate()).isPositive();
    assertThat(prepared.gasLimit()).isGreaterThan(prepared.gasEstimate());
    assertThat(prepared.maxFeePerGas())
        .isGreaterThanOrEqualTo(prepared.baseFeePerGas().add(prepared.maxPriorityFeePerGas()));
    assertThat(prepared.maxCost()).isGreaterThan(prepared.expectedCost());

    Deployment d = CollectionContract.deploy(txs, prepared, creator, WAIT);
    collection = d.contract();
    assertThat(d.receipt().success()).isTrue();
    assertThat(d.receipt().gasUsed()).isLessThanOrEqualTo(prepared.gasLimit());
  }

  @Test
  void deployedCollectionIsOwnedByTheCreatorWithItsNameAndRoyalty() {
    assertThat(collection.owner()).isEqualTo(ADDRESS_0);
    assertThat(collection.name()).isEqualTo("Ember Waves");
    assertThat(collection.symbol()).isEqualTo("EMBER");
    assertThat(collection.nextTokenId()).isEqualTo(1);
    // ERC-165 ids: ERC-721, ERC-2981, ERC-4906, ERC-7007 (addAigcData ^ verify).
    assertThat(collection.supportsInterface("0x80ac58cd")).isTrue();
    assertThat(collection.supportsInterface("0x2a55205a")).isTrue();
    assertThat(collection.supportsInterface("0x49064906")).isTrue();
    assertThat(collection.supportsInterface(erc7007InterfaceId())).isTrue();
    assertThat(CollectionContract.ERC7007_INTERFACE_ID).isEqualTo(erc7007InterfaceId());
    assertThat(collection.supportsInterface("0xffffffff")).isFalse();
  }

  @Test
  void mintsOneTokenWithUriLicenseRoyaltyAndEvents() {
    PreparedTransaction tx =
        collection.prepareMint(ADDRESS_0, ADDRESS_0, "ipfs://bafy-one", "CC-BY-4.0", CC_BY_TERMS);
    assertThat(tx.to()).isEqualTo(collection.address());
    MintResult result = collection.send(tx, creator, WAIT);

    assertThat(result.tokenIds()).containsExactly(1L);
    assertThat(collection.metadataUpdates(result.receipt())).containsExactly(1L);
    assertThat(collection.ownerOf(1)).isEqualTo(ADDRESS_0);
    assertThat(collection.tokenUri(1)).isEqualTo("ipfs://bafy-one");
    assertThat(collection.license(1))
        .isEqualTo(new CollectionContract.TokenLicense("CC-BY-4.0", CC_BY_TERMS));
    CollectionContract.Royalty royalty = collection.royaltyInfo(1, new BigInteger("10000"));
    assertThat(royalty.receiver()).isEqualTo(ADDRESS_1);
    assertThat(royalty.amount()).isEqualTo(750); // 7.5 %
    assertThat(collection.provenance(1).proof()).isEqualTo("0x");
  }

  @Test
  void batchMintsTenTokensInOneTransactionEachWithItsProvenance() {
    List<String> uris = new ArrayList<>();
    List<ProvenanceProof> proofs = new ArrayList<>();
    List<ProvenanceRecord> records = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ProvenanceRecord r = ChainFixtures.record(ADDRESS_0, i);
      records.add(r);
      uris.add("ipfs://bafy-" + i);
      String sig = ProvenanceSignatures.sign(r, CHAIN, creator).value();
      proofs.add(ProvenanceProofs.of(r, sig, i % 2 == 0)); // half with the record on-chain
    }
    PreparedTransaction tx = collection.prepareMintBatch(ADDRESS_0, ADDRESS_1, uris, proofs);
    MintResult result = collection.send(tx, creator, WAIT);

    List<Long> ids = IntStream.rangeClosed(1, 10).mapToObj(i -> (long) i).toList();
    assertThat(result.tokenIds()).isEqualTo(ids);
    assertThat(collection.metadataUpdates(result.receipt())).isEqualTo(ids);
    assertThat(collection.aigcDataEvents(result.receipt())).isEqualTo(ids);
    assertThat(result.receipt().logs())
        .anyMatch(l -> l.topics().get(0).equals(CollectionContract.BATCH_MINTED_TOPIC));
    for (int i = 0; i < 10; i++) {
      long id = i + 1;
      assertThat(collection.ownerOf(id)).isEqualTo(ADDRESS_1);
      assertThat(collection.tokenUri(id)).isEqualTo("ipfs://bafy-" + i);
      assertThat(collection.license(id).licenseId()).isEqualTo("CC-BY-4.0");
      CollectionContract.TokenProvenance p = collection.provenance(id);
      assertThat(p.recordSha256()).isEqualTo(records.get(i).recordSha256());
      assertThat(p.pixelsSha256()).isEqualTo(records.get(i).pixelsSha256());
      assertThat(p.proof()).isEqualTo(org.web3j.utils.Numeric.toHexString(proofs.get(i).proof()));
    }
    assertThat(collection.nextTokenId()).isEqualTo(11);
  }

  @Test
  void verifiesAJavaMadeProvenanceSignatureOnChain() {
    ProvenanceRecord r = ChainFixtures.record(ADDRESS_0, 42);
    String sig = ProvenanceSignatures.sign(r, CHAIN, creator).value();
    ProvenanceProof withRecord = ProvenanceProofs.of(r, sig, true);
    ProvenanceProof withoutRecord = ProvenanceProofs.of(r, sig, false);

    assertThat(collection.provenanceDigest(withRecord.aigcData()))
        .isEqualTo(ProvenanceSignatures.digest(r, CHAIN));
    assertThat(collection.verify(withRecord)).isTrue();
    assertThat(collection.verify(withoutRecord)).isTrue();
  }

  @Test
  void tamperedProvenanceDoesNotVerify() {
    ProvenanceRecord r = ChainFixtures.record(ADDRESS_0, 1);
    String sig = ProvenanceSignatures.sign(r, CHAIN, creator).value();
    ProvenanceProof good = ProvenanceProofs.of(r, sig, true);

    // Another record (another pixels hash) under the same signature.
    ProvenanceRecord other = ChainFixtures.record(ADDRESS_0, 2);
    assertThat(
            collection.verify(
                new ProvenanceProof(good.prompt(), ProvenanceProofs.aigcData(other), good.proof())))
        .isFalse();
    // The record hash changed by one bit inside aigcData.
    byte[] altered = good.aigcData();
    altered[31] ^= 1;
    assertThat(collection.verify(new ProvenanceProof(new byte[0], altered, good.proof())))
        .isFalse();
    // The on-chain record (prompt) altered: its SHA-256 no longer matches recordHash.
    byte[] prompt = good.prompt();
    prompt[prompt.length - 2] ^= 1;
    assertThat(collection.verify(new ProvenanceProof(prompt, good.aigcData(), good.proof())))
        .isFalse();
    // A signature bit flipped.
    byte[] badSig = good.proof();
    badSig[10] ^= 1;
    assertThat(collection.verify(new ProvenanceProof(good.prompt(), good.aigcData(), badSig)))
        .isFalse();
    // Signed for another chain.
    String sepolia = ProvenanceSignatures.sign(r, 11155111, creator).value();
    assertThat(collection.verify(ProvenanceProofs.of(r, sepolia, true))).isFalse();
    // Another signer claiming the record (its own address as creator): not the collection owner.
    try (UnlockedAccount stranger = TestAccounts.unlocked(KEY_1)) {
      ProvenanceRecord theirs = ChainFixtures.record(ADDRESS_1, 1);
      String theirSig = ProvenanceSignatures.sign(theirs, CHAIN, stranger).value();
      assertThat(collection.verify(ProvenanceProofs.of(theirs, theirSig, true))).isFalse();
    }
    // Sanity: the untouched proof verifies.
    assertThat(collection.verify(good)).isTrue();
  }

  @Test
  void mintingWithABadProofRevertsBeforeAnythingIsSigned() {
    ProvenanceRecord r = ChainFixtures.record(ADDRESS_0, 3);
    String sepolia = ProvenanceSignatures.sign(r, 11155111, creator).value();
    assertThatThrownBy(
            () ->
                collection.prepareMintWithProvenance(
                    ADDRESS_0, ADDRESS_0, "ipfs://x", ProvenanceProofs.of(r, sepolia, false)))
        .isInstanceOf(ChainException.class)
        .hasMessageContaining("would revert")
        .hasMessageContaining("InvalidProvenance(tokenId=1)")
        .extracting(e -> ((ChainException) e).reason())
        .isEqualTo(Reason.REVERTED);
  }

  @Test
  void addAigcDataAddsProvenanceToAPlainTokenOnce() {
    collection.send(
        collection.prepareMint(ADDRESS_0, ADDRESS_0, "ipfs://plain", "CC-BY-4.0", CC_BY_TERMS),
        creator,
        WAIT);
    ProvenanceRecord r = ChainFixtures.record(ADDRESS_0, 5);
    ProvenanceProof proof =
        ProvenanceProofs.of(r, ProvenanceSignatures.sign(r, CHAIN, creator).value(), true);
    MintResult added =
        collection.send(collection.prepareAddAigcData(ADDRESS_0, 1, proof), creator, WAIT);

    assertThat(added.tokenIds()).isEmpty();
    assertThat(collection.aigcDataEvents(added.receipt())).containsExactly(1L);
    assertThat(collection.provenance(1).recordSha256()).isEqualTo(r.recordSha256());
    assertThatThrownBy(() -> collection.prepareAddAigcData(ADDRESS_0, 1, proof))
        .hasMessageContaining("ProvenanceAlreadySet(tokenId=1)");
  }

  @Test
  void aTransactionThatRevertsOnChainReportsItsReason() {
    collection.send(
        collection.prepareMint(ADDRESS_0, ADDRESS_0, "ipfs://plain", "CC-BY-4.0", CC_BY_TERMS),
        creator,
        WAIT);
    ProvenanceRecord r = ChainFixtures.record(ADDRESS_0, 6);
    ProvenanceProof proof =
        ProvenanceProofs.of(r, ProvenanceSignatures.sign(r, CHAIN, creator).value(), false);
    // Both simulate fine now; once the first is mined the second reverts on chain.
    PreparedTransaction first = collection.prepareAddAigcData(ADDRESS_0, 1, proof);
    PreparedTransaction second = collection.prepareAddAigcData(ADDRESS_0, 1, proof);
    collection.send(first, creator, WAIT);

    assertThatThrownBy(() -> collection.send(second, creator, WAIT))
        .isInstanceOf(ChainException.class)
        .hasMessageContaining("reverted in block")
        .hasMessageContaining("ProvenanceAlreadySet(tokenId=1)")
        .extracting(e -> ((ChainException) e).reason())
        .isEqualTo(Reason.REVERTED);
  }

  @Test
  void aSignedTransactionKnowsItsHashBeforeItIsSentAndItsNonceIsSpentOnce() {
    PreparedTransaction tx =
        collection.prepareMint(ADDRESS_0, ADDRESS_0, "ipfs://signed", "CC-BY-4.0", CC_BY_TERMS);
    java.math.BigInteger nonce = txs.nextNonce(ADDRESS_0);
    SignedTransaction signed = txs.sign(tx, creator, nonce);
    assertThat(signed.nonce()).isEqualTo(nonce.longValueExact());
    assertThat(txs.nextNonce(ADDRESS_0)).isEqualTo(nonce); // nothing sent yet

    assertThat(txs.broadcast(signed)).isEqualTo(signed.hash());
    Receipt receipt = txs.awaitReceipt(signed.hash(), WAIT, null);
    assertThat(collection.mintedTokenIds(receipt)).containsExactly(1L);
    // Sending it again cannot mint twice: the node refuses the spent nonce.
    assertThatThrownBy(() -> txs.broadcast(signed)).isInstanceOf(ChainException.class);
    assertThat(collection.nextTokenId()).isEqualTo(2);
  }

  @Test
  void onlyTheOwnerMints() {
    assertThatThrownBy(
            () -> collection.prepareMint(ADDRESS_1, ADDRESS_1, "ipfs://x", "CC0-1.0", CC_BY_TERMS))
        .isInstanceOf(ChainException.class)
        .hasMessageContaining("OwnableUnauthorizedAccount")
        .hasMessageContaining(ADDRESS_1.toLowerCase());
  }

  @Test
  void anUnfundedWalletGetsAClearInsufficientFundsError() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    String hex = HexFormat.of().formatHex(key);
    String poor =
        org.web3j.crypto.Keys.toChecksumAddress(
            org.web3j.crypto.Keys.getAddress(org.web3j.crypto.ECKeyPair.create(key)));
    try (UnlockedAccount account = TestAccounts.unlocked(hex)) {
      PreparedTransaction deploy =
          CollectionContract.prepareDeploy(txs, poor, "Poor", "P", poor, 0);
      assertThatThrownBy(() -> CollectionContract.deploy(txs, deploy, account, WAIT))
          .isInstanceOf(ChainException.class)
          .hasMessageContaining("Insufficient funds")
          .hasMessageContaining(poor)
          .extracting(e -> ((ChainException) e).reason())
          .isEqualTo(Reason.INSUFFICIENT_FUNDS);
    }
  }

  @Test
  void theNodeRefusesAnUnfundedTransactionWithTheSameReason() {
    // Past Atelier's own balance check: the node's error is recognised too.
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    String poor =
        org.web3j.crypto.Keys.toChecksumAddress(
            org.web3j.crypto.Keys.getAddress(org.web3j.crypto.ECKeyPair.create(key)));
    try (UnlockedAccount account = TestAccounts.unlocked(HexFormat.of().formatHex(key))) {
      PreparedTransaction tx = CollectionContract.prepareDeploy(txs, poor, "Poor", "P", poor, 0);
      org.web3j.crypto.RawTransaction raw =
          org.web3j.crypto.RawTransaction.createTransaction(
              CHAIN,
              BigInteger.ZERO,
              tx.gasLimit(),
              "",
              BigInteger.ZERO,
              tx.data(),
              tx.maxPriorityFeePerGas(),
              tx.maxFeePerGas());
      String signed = org.web3j.utils.Numeric.toHexString(account.signTransaction(raw));
      assertThatThrownBy(() -> devnet.rpc().call("eth_sendRawTransaction", signed))
          .isInstanceOf(ChainException.class)
          .hasMessageContaining("Insufficient funds")
          .extracting(e -> ((ChainException) e).reason())
          .isEqualTo(Reason.INSUFFICIENT_FUNDS);
    }
  }

  @Test
  void aTransactionForAnotherChainIsNotSent() {
    Transactions sepolia = new Transactions(devnet.rpc(), 11155111);
    PreparedTransaction tx =
        CollectionContract.prepareDeploy(sepolia, ADDRESS_0, "X", "X", ADDRESS_0, 0);
    assertThatThrownBy(() -> CollectionContract.deploy(sepolia, tx, creator, WAIT))
        .isInstanceOf(ChainException.class)
        .hasMessageContaining("31337")
        .hasMessageContaining("11155111")
        .extracting(e -> ((ChainException) e).reason())
        .isEqualTo(Reason.WRONG_CHAIN);
  }

  private static String erc7007InterfaceId() {
    byte[] a = org.web3j.crypto.Hash.sha3("addAigcData(uint256,bytes,bytes,bytes)".getBytes());
    byte[] v = org.web3j.crypto.Hash.sha3("verify(bytes,bytes,bytes)".getBytes());
    byte[] id = new byte[4];
    for (int i = 0; i < 4; i++) {
      id[i] = (byte) (a[i] ^ v[i]);
    }
    return org.web3j.utils.Numeric.toHexString(id);
  }
}

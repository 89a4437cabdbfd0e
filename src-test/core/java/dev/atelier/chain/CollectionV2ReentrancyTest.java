package dev.atelier.chain;

import static dev.atelier.chain.ChainFixtures.ADDRESS_0;
import static dev.atelier.chain.ChainFixtures.CC_BY_TERMS;
import static dev.atelier.chain.ChainFixtures.KEY_0;
import static dev.atelier.chain.V2Fixtures.LICENSE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.chain.CollectionContractV2.MintResult;
import dev.atelier.wallet.TestAccounts;
import dev.atelier.wallet.UnlockedAccount;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.utils.Numeric;

/**
 * safeMintBatch calls onERC721Received on a contract recipient; a receiver that calls back into the
 * collection (test contract ReenteringReceiver, src-test/core/solidity) cannot mint through it,
 * whatever it sends.
 */
class CollectionV2ReentrancyTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String REENTRANCY = "0xab143c06"; // Reentrancy()
  private static final ContractArtifact RECEIVER =
      ContractArtifact.load("/dev/atelier/chain/ReenteringReceiver.json");

  private static Devnet devnet;
  private static Transactions txs;
  private static UnlockedAccount owner;

  private CollectionContractV2 collection;
  private String receiver;

  @BeforeAll
  static void start() {
    devnet = Devnet.start();
    txs = new Transactions(devnet.rpc(), Devnet.CHAIN_ID);
    owner = TestAccounts.unlocked(KEY_0);
  }

  @AfterAll
  static void stop() {
    owner.close();
    devnet.close();
  }

  @BeforeEach
  void deploy() {
    collection =
        CollectionContractV2.deploy(
                txs,
                CollectionContractV2.prepareDeploy(txs, ADDRESS_0, "Lock", "LOCK", ADDRESS_0, 0),
                owner,
                WAIT)
            .contract();
    byte[] code = Numeric.hexStringToByteArray(RECEIVER.bytecode());
    PreparedTransaction tx = txs.prepare(ADDRESS_0, null, code, BigInteger.ZERO, RECEIVER.abi());
    receiver =
        dev.atelier.ethereum.Address.checksummed(
            txs.awaitReceipt(txs.send(tx, owner), WAIT, RECEIVER.abi()).contractAddress());
  }

  @Test
  void aReceiverThatReentersWithAnotherSignedBatchMintsNothingThroughIt() {
    SignedBatch outer = batch(0, 3);
    SignedBatch inner = batch(3, 2);
    arm(CollectionContractV2.encodeMintBatch(inner, true), false);

    MintResult r =
        collection.send(collection.prepareMintBatch(ADDRESS_0, outer, true), owner, WAIT);

    assertThat(r.tokenIds()).hasSize(3);
    assertThat(uint("received")).isEqualTo(3);
    assertThat(bool("tried")).isTrue();
    assertThat(bool("reentered")).isFalse();
    assertThat(bytes("reentryError")).isEqualTo(REENTRANCY);
    assertThat(collection.batchCount()).isEqualTo(1);
    BigInteger innerId = inner.tokens().getFirst().tokenId();
    assertThatThrownBy(() -> collection.ownerOf(innerId)).hasMessageContaining("TokenDoesNotExist");
    // The inner batch itself was fine: sent on its own, it mints.
    MintResult later =
        collection.send(collection.prepareMintBatch(ADDRESS_0, inner, false), owner, WAIT);
    assertThat(later.tokenIds()).hasSize(2);
    assertThat(collection.ownerOf(innerId)).isEqualTo(receiver);
  }

  @Test
  void aReceiverThatReplaysTheSameBatchRevertsTheWholeMint() {
    SignedBatch batch = batch(10, 2);
    arm(CollectionContractV2.encodeMintBatch(batch, false), true);

    assertThatThrownBy(() -> collection.prepareMintBatch(ADDRESS_0, batch, true))
        .isInstanceOf(ChainException.class)
        .hasMessageContaining("Reentrancy()");
    assertThat(collection.batchCount()).isZero();
  }

  @Test
  void safeMintingToAContractThatIsNoReceiverIsRefused() {
    SignedBatch batch =
        collection.signBatch(
            owner,
            collection.address(),
            V2Fixtures.tokens(V2Fixtures.assets(owner, Devnet.CHAIN_ID, 20, 2)),
            LICENSE,
            CC_BY_TERMS);
    assertThatThrownBy(() -> collection.prepareMintBatch(ADDRESS_0, batch, true))
        .hasMessageContaining("TransferToNonERC721ReceiverImplementer");
    // An account without code receives without calls.
    SignedBatch toPerson =
        collection.signBatch(
            owner,
            ADDRESS_0,
            V2Fixtures.tokens(V2Fixtures.assets(owner, Devnet.CHAIN_ID, 22, 2)),
            LICENSE,
            CC_BY_TERMS);
    assertThat(
            collection
                .send(collection.prepareMintBatch(ADDRESS_0, toPerson, true), owner, WAIT)
                .tokenIds())
        .hasSize(2);
  }

  private SignedBatch batch(int from, int count) {
    return collection.signBatch(
        owner,
        receiver,
        V2Fixtures.tokens(V2Fixtures.assets(owner, Devnet.CHAIN_ID, from, count)),
        LICENSE,
        CC_BY_TERMS);
  }

  private void arm(byte[] call, boolean bubble) {
    Function f =
        new Function(
            "arm",
            List.of(new Address(collection.address()), new DynamicBytes(call), new Bool(bubble)),
            List.of());
    byte[] data = Numeric.hexStringToByteArray(FunctionEncoder.encode(f));
    PreparedTransaction tx = txs.prepare(ADDRESS_0, receiver, data, BigInteger.ZERO, null);
    txs.awaitReceipt(txs.send(tx, owner), WAIT, RECEIVER.abi());
  }

  private BigInteger uint(String getter) {
    return (BigInteger) read(getter, new TypeReference<Uint256>() {}).getValue();
  }

  private boolean bool(String getter) {
    return (Boolean) read(getter, new TypeReference<Bool>() {}).getValue();
  }

  private String bytes(String getter) {
    return Numeric.toHexString(
        (byte[]) read(getter, new TypeReference<DynamicBytes>() {}).getValue());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Type read(String getter, TypeReference<?> out) {
    Function f = new Function(getter, List.of(), List.of(out));
    byte[] result =
        txs.call(receiver, Numeric.hexStringToByteArray(FunctionEncoder.encode(f)), null);
    List<Type> decoded =
        FunctionReturnDecoder.decode(Numeric.toHexString(result), (List) f.getOutputParameters());
    return decoded.get(0);
  }
}

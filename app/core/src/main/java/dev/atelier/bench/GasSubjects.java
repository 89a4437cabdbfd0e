package dev.atelier.bench;

import dev.atelier.chain.CollectionContract;
import dev.atelier.chain.CollectionContractV2;
import dev.atelier.chain.ContractArtifact;
import dev.atelier.chain.PreparedTransaction;
import dev.atelier.chain.Transactions;
import dev.atelier.wallet.UnlockedAccount;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;

/**
 * The contracts {@link GasSweep} measures: the plain OpenZeppelin mint every row is read against,
 * Atelier's collection, and the anchors, plain tokens of the two libraries known for cheap mints
 * (ERC721A and Solady; see {@code app/core/src/main/solidity/bench}).
 */
public final class GasSubjects {

  private static final String BENCH = "/dev/atelier/bench/";

  /** Name, symbol and royalty (basis points) of the collections the bench deploys. */
  private static final String NAME = "Gas Bench";

  private static final String SYMBOL = "GAS";
  private static final int ROYALTY_BPS = 500;

  private GasSubjects() {}

  /** The subjects compared with {@link #plainOpenZeppelin()}, in table order. */
  public static List<GasSubject> compared() {
    return List.of(atelierV1(), atelierV2(), erc721a(), solady());
  }

  /** OpenZeppelin's ERC-721 {@code mint(to)}: one token per transaction, the 1.00x of the table. */
  public static GasSubject plainOpenZeppelin() {
    return new AbiSubject(
        "plain OpenZeppelin ERC721 mint(to)",
        "PlainERC721",
        1,
        (to, firstId, tokens) -> new Function("mint", List.of(new Address(to)), List.of()));
  }

  /** ERC721A's batch {@code _mint(to, quantity)}: consecutive ids, one ownership slot a batch. */
  public static GasSubject erc721a() {
    return new AbiSubject(
        "ERC721A mint(to, n)",
        "PlainERC721A",
        Integer.MAX_VALUE,
        (to, firstId, tokens) ->
            new Function("mint", List.of(new Address(to), new Uint256(tokens)), List.of()));
  }

  /**
   * Solady's ERC-721: {@code mint(to, id)} for one token, {@code mintBatch(to, ids)} (a loop of
   * {@code _mint}) for more.
   */
  public static GasSubject solady() {
    return new AbiSubject(
        "Solady ERC721 mintBatch(to, ids)",
        "PlainSoladyERC721",
        Integer.MAX_VALUE,
        GasSubjects::soladyCall);
  }

  /**
   * Atelier's collection, version 1: {@code mintWithProvenance} for one token, {@code mintBatch}
   * for more, each token with its URI and its creator's signed provenance, the record kept
   * off-chain.
   */
  public static GasSubject atelierV1() {
    return new AtelierSubject(
        "Atelier v1, records off-chain",
        (txs, owner, inputs) -> {
          String me = owner.address();
          PreparedTransaction deploy =
              CollectionContract.prepareDeploy(txs, me, NAME, SYMBOL, me, ROYALTY_BPS);
          CollectionContract c =
              CollectionContract.deploy(txs, deploy, owner, BenchContract.WAIT).contract();
          return new Deployed(
              c.address(),
              tokens ->
                  tokens == 1
                      ? inputs.mintProven(c, owner, false)
                      : inputs.mintBatch(c, owner, tokens));
        });
  }

  /**
   * Atelier's collection, version 2: {@code mintBatch} of any size, each token's id its metadata
   * digest, its creator's signed provenance a leaf of the batch's Merkle root, and the batch signed
   * by the owner for this chain and contract.
   */
  public static GasSubject atelierV2() {
    return new AtelierSubject(
        "Atelier v2, a root per batch",
        (txs, owner, inputs) -> {
          String me = owner.address();
          PreparedTransaction deploy =
              CollectionContractV2.prepareDeploy(txs, me, NAME, SYMBOL, me, ROYALTY_BPS);
          CollectionContractV2 c =
              CollectionContractV2.deploy(txs, deploy, owner, BenchContract.WAIT).contract();
          return new Deployed(c.address(), tokens -> inputs.mintBatchV2(c, owner, tokens));
        });
  }

  private static Function soladyCall(String to, long firstId, int tokens) {
    if (tokens == 1) {
      return new Function("mint", List.of(new Address(to), new Uint256(firstId)), List.of());
    }
    List<Uint256> ids = new ArrayList<>(tokens);
    for (int i = 0; i < tokens; i++) {
      ids.add(new Uint256(BigInteger.valueOf(firstId + i)));
    }
    return new Function(
        "mintBatch", List.of(new Address(to), new DynamicArray<>(Uint256.class, ids)), List.of());
  }

  private static void checkTokens(int tokens, int most) {
    if (tokens < 1 || tokens > most) {
      throw new IllegalArgumentException(
          "One transaction of this contract mints 1 to " + most + " tokens, not " + tokens);
    }
  }

  /** Deploys one of Atelier's collections, owned by {@code owner}, with the bench's inputs. */
  private interface AtelierDeployment {
    Deployed deploy(Transactions txs, UnlockedAccount owner, BenchTokens inputs);
  }

  /** A deployed collection: where it is, and how {@code n} tokens are minted into it. */
  private record Deployed(String address, IntFunction<PreparedTransaction> mint) {}

  /** One of Atelier's collections: any batch size, the bench's own tokens. */
  private record AtelierSubject(String name, AtelierDeployment deployment) implements GasSubject {

    @Override
    public Contract deploy(Transactions txs, UnlockedAccount owner) {
      Deployed deployed = deployment.deploy(txs, owner, new BenchTokens(owner.address()));
      return new Contract() {
        @Override
        public String address() {
          return deployed.address();
        }

        @Override
        public PreparedTransaction prepareMint(int tokens) {
          checkTokens(tokens, Integer.MAX_VALUE);
          return deployed.mint().apply(tokens);
        }
      };
    }
  }

  /** The mint call of {@code tokens} tokens to {@code to}, the first of them numbered firstId. */
  private interface MintCall {
    Function of(String to, long firstId, int tokens);
  }

  /** A reference contract from its artifact, which takes no constructor arguments. */
  private record AbiSubject(String name, String artifact, int mostPerTransaction, MintCall call)
      implements GasSubject {

    @Override
    public Contract deploy(Transactions txs, UnlockedAccount owner) {
      BenchContract deployed =
          BenchContract.deploy(txs, ContractArtifact.load(BENCH + artifact + ".json"), owner);
      return new Contract() {
        private long nextId = 1;

        @Override
        public String address() {
          return deployed.address();
        }

        @Override
        public PreparedTransaction prepareMint(int tokens) {
          checkTokens(tokens, mostPerTransaction);
          Function f = call.of(owner.address(), nextId, tokens);
          nextId += tokens;
          return deployed.prepare(txs, owner.address(), f);
        }
      };
    }
  }
}

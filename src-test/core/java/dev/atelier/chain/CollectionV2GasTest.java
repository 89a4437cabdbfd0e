package dev.atelier.chain;

import static dev.atelier.chain.ChainFixtures.ADDRESS_0;
import static dev.atelier.chain.ChainFixtures.CC_BY_TERMS;
import static dev.atelier.chain.ChainFixtures.KEY_0;
import static dev.atelier.chain.V2Fixtures.LICENSE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.bench.GasBench;
import dev.atelier.chain.CollectionContractV2.MintResult;
import dev.atelier.wallet.TestAccounts;
import dev.atelier.wallet.UnlockedAccount;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Gas per token of an AtelierCollectionV2 batch mint, the whole transaction's gasUsed over its
 * tokens, in the steady state GasBench measures (the collection already has tokens, its license is
 * registered, the recipient already holds tokens). Gas is deterministic: the same contract and
 * inputs use the same gas on every run, so this is a behaviour test, not a timing.
 */
class CollectionV2GasTest {

  /** Half of a plain OpenZeppelin ERC-721 mint (58 835 gas): the budget per token at batch 50. */
  static final long BUDGET_AT_50 = 29_400;

  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void aBatchOfFiftyMintsEachTokenForAtMostHalfAPlainMint() {
    Map<Integer, Long> perToken = new LinkedHashMap<>();
    try (Devnet devnet = Devnet.start();
        UnlockedAccount owner = TestAccounts.unlocked(KEY_0)) {
      Transactions txs = new Transactions(devnet.rpc(), Devnet.CHAIN_ID);
      CollectionContractV2 c =
          CollectionContractV2.deploy(
                  txs,
                  CollectionContractV2.prepareDeploy(txs, ADDRESS_0, "Gas", "GAS", ADDRESS_0, 500),
                  owner,
                  WAIT)
              .contract();
      int next = 0;
      for (int size : new int[] {GasBench.WARM_UP, 1, 10, 50}) {
        SignedBatch batch =
            c.signBatch(
                owner,
                ADDRESS_0,
                V2Fixtures.tokens(V2Fixtures.assets(owner, Devnet.CHAIN_ID, next, size)),
                LICENSE,
                CC_BY_TERMS);
        next += size;
        MintResult r = c.send(c.prepareMintBatch(ADDRESS_0, batch, false), owner, WAIT);
        assertThat(r.tokenIds()).hasSize(size);
        perToken.put(size, r.receipt().gasUsed().longValueExact() / size);
      }
    }
    perToken.remove(GasBench.WARM_UP);
    System.out.println("AtelierCollectionV2 mintBatch, gas per token by batch size: " + perToken);
    assertThat(perToken.get(50)).isLessThanOrEqualTo(BUDGET_AT_50);
    assertThat(perToken.get(10)).isGreaterThan(perToken.get(50));
    assertThat(perToken.get(1)).isGreaterThan(perToken.get(10));
  }
}

package dev.atelier.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.bench.GasBench.Measurement;
import dev.atelier.bench.GasSweep.Figures;
import dev.atelier.bench.GasSweep.Row;
import dev.atelier.chain.ChainException;
import dev.atelier.chain.Devnet;
import dev.atelier.chain.PreparedTransaction;
import dev.atelier.chain.Transactions;
import dev.atelier.wallet.TestAccounts;
import dev.atelier.wallet.UnlockedAccount;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The batch-size sweep on a real Anvil node: the anchors against the plain OpenZeppelin mint, and
 * the largest batch under the per-transaction gas cap. Gas is deterministic, so these are facts
 * about the contracts. The test sweep leaves Atelier v1 out (its largest batch signs a few hundred
 * provenance records; GasBenchTest measures its batches) and checks its subject on its own.
 */
class GasSweepTest {

  private static final String PLAIN = GasSubjects.plainOpenZeppelin().name();
  private static final String ERC721A = GasSubjects.erc721a().name();
  private static final String SOLADY = GasSubjects.solady().name();

  private static Devnet devnet;
  private static UnlockedAccount minter;
  private static Transactions txs;
  private static Figures figures;

  @BeforeAll
  static void sweep() {
    devnet = GasBench.startDevnet();
    minter = TestAccounts.unlocked(TestAccounts.KEY_0);
    txs = new Transactions(devnet.rpc(), Devnet.CHAIN_ID);
    figures =
        GasSweep.measure(
            devnet,
            minter,
            GasSubjects.plainOpenZeppelin(),
            List.of(GasSubjects.erc721a(), GasSubjects.solady()),
            List.of(50, 1, 1));
  }

  @AfterAll
  static void stop() {
    devnet.close();
  }

  @Test
  void everySubjectHasARowWithTheSizesItCanMintInOneTransaction() {
    assertThat(figures.batchSizes()).containsExactly(1, 50);
    assertThat(figures.rows()).extracting(Row::subject).containsExactly(PLAIN, ERC721A, SOLADY);
    Row plain = figures.row(PLAIN);
    assertThat(plain.batches()).containsOnlyKeys(1);
    assertThat(plain.largest().tokens()).isEqualTo(1);
    assertThat(figures.reference()).isEqualTo(plain.single());
    assertThat(figures.ratio(figures.reference())).isEqualTo(1.0);
    for (String anchor : List.of(ERC721A, SOLADY)) {
      Row row = figures.row(anchor);
      assertThat(row.batches()).containsOnlyKeys(1, 50);
      // Counted from each receipt's Transfer events.
      assertThat(row.batches().get(50).tokens()).isEqualTo(50);
      assertThat(row.single()).isSameAs(row.batches().get(1));
    }
  }

  @Test
  void theAnchorsMintABatchOfFiftyForAFractionOfThePlainMintPerToken() {
    long plain = figures.reference().gasUsed();
    Measurement erc721a = figures.row(ERC721A).batches().get(50);
    Measurement solady = figures.row(SOLADY).batches().get(50);
    // ERC721A writes one ownership slot per batch; Solady one slot per token (20 000 gas).
    assertThat(erc721a.perToken()).isLessThan(plain / 10);
    assertThat(solady.perToken()).isBetween(20_000L, plain / 2);
    assertThat(erc721a.perToken()).isLessThan(solady.perToken());
    // One token alone pays the 21 000 base like the plain mint does.
    assertThat(figures.row(ERC721A).single().gasUsed()).isGreaterThan(41_000);
    assertThat(figures.row(SOLADY).single().gasUsed()).isLessThan(plain);
  }

  @Test
  void theLargestBatchFitsUnderTheCapAndOneMoreDoesNot() {
    for (Row row : figures.rows()) {
      assertThat(row.largest().gasUsed())
          .as(row.subject())
          .isLessThanOrEqualTo(GasBench.TX_GAS_CAP);
    }
    Row row = figures.row(ERC721A);
    int largest = row.largest().tokens();
    assertThat(largest).isGreaterThan(1_000);

    // A fresh contract finds the same edge, and a transaction at the cap mints exactly that many.
    GasSubject.Contract fresh = warmedUp(GasSubjects.erc721a());
    int found = GasSweep.largestUnderCap(fresh, largest - 7, Integer.MAX_VALUE);
    assertThat(found).isEqualTo(largest);
    PreparedTransaction oneMore = fresh.prepareMint(found + 1);
    assertThat(oneMore.gasEstimate().longValueExact()).isGreaterThan(GasBench.TX_GAS_CAP);
    assertThatThrownBy(() -> GasSweep.sendAtCap(txs, minter, fresh, oneMore, "one more"))
        .isInstanceOf(ChainException.class)
        .satisfies(
            e ->
                assertThat(((ChainException) e).reason())
                    .isEqualTo(ChainException.Reason.REVERTED));
    Measurement atCap =
        GasSweep.sendAtCap(txs, minter, fresh, fresh.prepareMint(found), "at the cap");
    assertThat(atCap).isEqualTo(new Measurement("at the cap", largest, row.largest().gasUsed()));
  }

  @Test
  void atelierV1MintsOneTokenWithProvenanceAndABatchWithMintBatch() {
    GasSubject v1 = GasSubjects.atelierV1();
    GasSubject.Contract contract = v1.deploy(txs, minter);
    Measurement one = GasSweep.sendAtCap(txs, minter, contract, contract.prepareMint(1), "one");
    Measurement three = GasSweep.sendAtCap(txs, minter, contract, contract.prepareMint(3), "three");
    assertThat(one.tokens()).isEqualTo(1);
    assertThat(three.tokens()).isEqualTo(3);
    // Every token carries its signed provenance: far above the anchors' cost.
    assertThat(three.perToken()).isGreaterThan(figures.reference().gasUsed());
    assertThatThrownBy(() -> contract.prepareMint(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void thePlainMintRefusesBatches() {
    GasSubject.Contract plain = GasSubjects.plainOpenZeppelin().deploy(txs, minter);
    assertThatThrownBy(() -> plain.prepareMint(2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 to 1 tokens, not 2");
  }

  @Test
  void theSearchFindsTheEdgeFromAnyGuessInFewSteps() {
    int edge = 8_677;
    for (int guess : List.of(1, 100, edge - 1, edge, edge + 1, edge + 500, 1_000_000)) {
      List<Integer> asked = new ArrayList<>();
      int found =
          GasSweep.largestFitting(
              n -> {
                asked.add(n);
                return n <= edge;
              },
              guess,
              Integer.MAX_VALUE);
      assertThat(found).as("guess %d", guess).isEqualTo(edge);
      assertThat(asked).as("guess %d", guess).hasSizeLessThanOrEqualTo(2 * 21 + 1);
      assertThat(asked).contains(edge, edge + 1);
    }
    assertThat(GasSweep.largestFitting(n -> n <= edge, edge, edge)).isEqualTo(edge);
    assertThat(GasSweep.largestFitting(n -> n <= edge, 3, 40)).isEqualTo(40);
    assertThat(GasSweep.largestFitting(n -> false, 50, 1_000)).isZero();
    assertThat(GasSweep.largestFitting(n -> true, 50, 1)).isEqualTo(1);
  }

  @Test
  void theGuessIsWhereTheLineThroughTheMeasuredBatchesCrossesTheCap() {
    // 100 000 fixed plus 2 000 a token: the cap is crossed at (16 777 216 - 100 000) / 2 000.
    Measurement ten = new Measurement("ten", 10, 120_000);
    Measurement fifty = new Measurement("fifty", 50, 200_000);
    assertThat(GasSweep.guess(List.of(ten, fifty))).isEqualTo(8_338);
    assertThat(GasSweep.guess(List.of(fifty))).isEqualTo((int) (GasBench.TX_GAS_CAP / 4_000));
  }

  @Test
  void theTableHasARowPerSubjectAndAColumnPerBatchSize() {
    String table = GasSweepTable.describe(figures);
    assertThat(table)
        .contains("batch of 1", "batch of 50", "largest batch under the cap")
        .contains(PLAIN, ERC721A, SOLADY)
        .contains("   1.00x")
        .contains(GasBench.thousands(figures.row(ERC721A).largest().tokens()) + ": ")
        .contains("gas limit of exactly 16 777 216 (EIP-7825)");
    String plainLine = table.lines().filter(l -> l.startsWith(PLAIN)).findFirst().orElseThrow();
    assertThat(plainLine).contains(" - ").contains("  1: 58 ");
  }

  private static GasSubject.Contract warmedUp(GasSubject subject) {
    GasSubject.Contract c = subject.deploy(txs, minter);
    for (int i = 0; i < GasBench.WARM_UP; i++) {
      GasSweep.sendAtCap(txs, minter, c, c.prepareMint(1), "warm-up");
    }
    return c;
  }
}

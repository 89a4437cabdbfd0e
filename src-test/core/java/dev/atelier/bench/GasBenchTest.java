package dev.atelier.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.bench.GasBench.GasFigures;
import dev.atelier.bench.GasBench.Measurement;
import dev.atelier.chain.Devnet;
import dev.atelier.wallet.TestAccounts;
import dev.atelier.wallet.UnlockedAccount;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gas benchmark on a real Anvil node. Gas is deterministic, so the relations between the
 * figures are facts about the contracts, not about the machine.
 */
class GasBenchTest {

  private static Devnet devnet;
  private static UnlockedAccount minter;
  private static GasFigures figures;

  @BeforeAll
  static void measure() {
    devnet = GasBench.startDevnet();
    minter = TestAccounts.unlocked(TestAccounts.KEY_0);
    figures = GasBench.measure(devnet, minter);
  }

  @AfterAll
  static void stop() {
    devnet.close();
  }

  @Test
  void everyFigureIsAPositiveMeasurementOfTheTokensItMinted() {
    assertThat(figures.rows()).hasSize(7);
    assertThat(figures.rows()).allSatisfy(m -> assertThat(m.perToken()).isPositive());
    assertThat(figures.plainMint().tokens()).isEqualTo(1);
    assertThat(figures.mint().tokens()).isEqualTo(1);
    assertThat(figures.provenanceWithRecord().tokens()).isEqualTo(1);
    // Counted from the Transfer events of each batch's receipt.
    assertThat(figures.batches()).extracting(Measurement::tokens).containsExactly(10, 100);
    assertThat(figures.plainDeployGas()).isPositive();
    assertThat(figures.collectionDeployGas()).isGreaterThan(figures.plainDeployGas());
  }

  @Test
  void eachThingAMintDoesCostsMore() {
    // Every transaction pays 21 000 and a fresh owner slot (20 000) at least.
    assertThat(figures.plainMint().gasUsed()).isGreaterThan(41_000);
    assertThat(figures.plainMintWithUri().gasUsed()).isGreaterThan(figures.plainMint().gasUsed());
    assertThat(figures.mint().gasUsed()).isGreaterThan(figures.plainMintWithUri().gasUsed());
    assertThat(figures.provenance().gasUsed()).isGreaterThan(figures.mint().gasUsed());
    assertThat(figures.provenanceWithRecord().gasUsed())
        .isGreaterThan(figures.provenance().gasUsed());
    assertThat(figures.ratioToPlain(figures.plainMint())).isEqualTo(1.0);
    assertThat(figures.ratioToPlain(figures.mint())).isGreaterThan(1.0);
  }

  @Test
  void batchingSpreadsTheTransactionCostOverItsTokens() {
    Measurement ten = figures.batches().get(0);
    Measurement hundred = figures.batches().get(1);
    assertThat(ten.perToken()).isLessThan(figures.provenance().gasUsed());
    assertThat(hundred.perToken()).isLessThan(ten.perToken());
    // Each token of a batch still has its provenance checked and stored.
    assertThat(hundred.perToken()).isGreaterThan(figures.mint().gasUsed());
  }

  @Test
  void aBatchOfAHundredIsOverTheTransactionGasCapAndTheTableSaysSo() {
    Measurement hundred = figures.batches().get(1);
    assertThat(hundred.gasUsed()).isGreaterThan(GasBench.TX_GAS_CAP);
    long fits = figures.largestBatchUnderCap();
    assertThat(fits).isBetween(10L, 99L);
    assertThat(fits * hundred.perToken()).isLessThanOrEqualTo(GasBench.TX_GAS_CAP);
    assertThat(GasBench.describe(figures))
        .contains("Over the 16 777 216 gas one transaction may use")
        .contains("about " + fits + " tokens");
  }

  @Test
  void aSecondRunGivesTheSameFigures() {
    GasFigures again = GasBench.measure(devnet, minter, List.of(10));
    assertThat(again.plainMint()).isEqualTo(figures.plainMint());
    assertThat(again.mint()).isEqualTo(figures.mint());
    assertThat(again.provenanceWithRecord()).isEqualTo(figures.provenanceWithRecord());
    assertThat(again.batches().getFirst()).isEqualTo(figures.batches().getFirst());
  }

  @Test
  void theTableShowsGasPerTokenAndTheRatioToThePlainMint() {
    String table = GasBench.describe(figures);
    assertThat(table)
        .contains("per token", "x plain", "plain ERC721 mint", "Atelier mintBatch of 100")
        .contains(" 1.00x")
        .contains("Steady state: each contract minted 3 tokens before these");
    assertThat(table.lines().filter(l -> l.endsWith("x"))).hasSize(7);
  }
}

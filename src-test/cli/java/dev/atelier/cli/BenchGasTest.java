package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code atelier bench --gas}: the gas table, measured on a devnet the command starts itself. */
class BenchGasTest {

  @Test
  void printsGasPerTokenAgainstThePlainMintAndTheAnchorsByBatchSize() {
    CliRun run = CliRun.of(null, "", "bench", "--gas", "--gas-batches", "2,3");

    assertThat(run.code()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.out())
        .contains("minter 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")
        .contains("plain ERC721 mint", "1.00x", "Atelier mintWithProvenance, record on-chain")
        .contains("batch of 2", "batch of 3", "largest batch under the cap")
        .contains("Atelier v1, records off-chain", "ERC721A mint(to, n)", "Solady ERC721 mintBatch")
        .doesNotContain("Over the", "Atelier mintBatch of");
  }

  @Test
  void aMissingAnvilFailsWithWhatToInstall() {
    String before = System.getProperty("atelier.anvil");
    System.setProperty("atelier.anvil", "/nonexistent/anvil");
    try {
      CliRun run = CliRun.of(null, "", "bench", "--gas");

      assertThat(run.code()).isEqualTo(ExitCodes.FAILURE);
      assertThat(run.err()).contains("/nonexistent/anvil", "npm ci");
    } finally {
      if (before == null) {
        System.clearProperty("atelier.anvil");
      } else {
        System.setProperty("atelier.anvil", before);
      }
    }
  }
}

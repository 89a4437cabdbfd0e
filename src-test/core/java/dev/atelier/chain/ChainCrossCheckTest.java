package dev.atelier.chain;

import static dev.atelier.chain.ChainFixtures.ADDRESS_0;
import static dev.atelier.chain.ChainFixtures.ADDRESS_1;
import static dev.atelier.chain.ChainFixtures.KEY_0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.mint.ProvenanceProofs;
import dev.atelier.provenance.ProvenanceRecord;
import dev.atelier.provenance.ProvenanceSignatures;
import dev.atelier.testing.NodeScript;
import dev.atelier.wallet.TestAccounts;
import dev.atelier.wallet.UnlockedAccount;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.utils.Numeric;

/** What Java deploys, mints and encodes, read back and re-encoded by ethers. */
class ChainCrossCheckTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void ethersReadsWhatJavaMintedAndEncodesAigcDataTheSameWay() {
    try (Devnet devnet = Devnet.start();
        UnlockedAccount creator = TestAccounts.unlocked(KEY_0)) {
      Transactions txs = new Transactions(devnet.rpc(), Devnet.CHAIN_ID);
      CollectionContract c =
          CollectionContract.deploy(
                  txs,
                  CollectionContract.prepareDeploy(txs, ADDRESS_0, "Dusk", "DUSK", ADDRESS_1, 500),
                  creator,
                  WAIT)
              .contract();
      ProvenanceRecord r = ChainFixtures.record(ADDRESS_0, 9);
      ProvenanceProof proof =
          ProvenanceProofs.of(
              r, ProvenanceSignatures.sign(r, Devnet.CHAIN_ID, creator).value(), true);
      c.send(
          c.prepareMintBatch(ADDRESS_0, ADDRESS_1, List.of("ipfs://dusk-9"), List.of(proof)),
          creator,
          WAIT);

      NodeScript ethers = NodeScript.chainCheck();
      JsonNode token = ethers.run("token", devnet.rpcUrl(), c.address(), "1");
      assertThat(token.path("owner").asText()).isEqualTo(ADDRESS_0);
      assertThat(token.path("ownerOf").asText()).isEqualTo(ADDRESS_1);
      assertThat(token.path("tokenURI").asText()).isEqualTo("ipfs://dusk-9");
      assertThat(token.path("license").path("licenseId").asText()).isEqualTo("CC-BY-4.0");
      assertThat(token.path("license").path("termsHash").asText())
          .isEqualTo("0x" + ChainFixtures.CC_BY_TERMS);
      assertThat(token.path("royalty").path("receiver").asText()).isEqualTo(ADDRESS_1);
      assertThat(token.path("royalty").path("amount").asText()).isEqualTo("500");
      assertThat(token.path("provenance").path("recordHash").asText())
          .isEqualTo("0x" + r.recordSha256());
      assertThat(token.path("provenance").path("proof").asText())
          .isEqualTo(Numeric.toHexString(proof.proof()));

      JsonNode encoded =
          ethers.run(
              "aigc-data",
              "0x" + r.recordSha256(),
              "0x" + r.pixelsSha256(),
              "0x" + r.weightsSha256(),
              r.creator(),
              r.licenseId(),
              "0x" + r.termsSha256(),
              Long.toString(r.createdAt().getEpochSecond()));
      assertThat(encoded.path("aigcData").asText())
          .isEqualTo(Numeric.toHexString(proof.aigcData()));

      JsonNode verified =
          ethers.run(
              "verify",
              devnet.rpcUrl(),
              c.address(),
              Numeric.toHexString(proof.prompt()),
              Numeric.toHexString(proof.aigcData()),
              Numeric.toHexString(proof.proof()));
      assertThat(verified.path("valid").asBoolean()).isTrue();
    }
  }
}

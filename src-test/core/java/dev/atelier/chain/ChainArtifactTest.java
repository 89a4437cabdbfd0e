package dev.atelier.chain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.testing.NodeScript;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed contract artifact is exactly what the pinned compiler makes of the source. */
class ChainArtifactTest {

  private static final Path ROOT = Path.of(System.getProperty("atelier.tools")).resolve("../..");

  @Test
  void recompilingGivesTheCommittedArtifactByteForByte(@TempDir Path out) throws IOException {
    JsonNode result = NodeScript.compileContracts().run(out.toString());
    assertThat(result.path("written")).hasSize(1);

    byte[] fresh = Files.readAllBytes(out.resolve("AtelierCollection.json"));
    byte[] committed =
        Files.readAllBytes(
            ROOT.resolve("app/core/src/main/resources/dev/atelier/chain/AtelierCollection.json"));
    assertThat(fresh)
        .as("AtelierCollection.json is stale: run `node tools/js/compile-contracts.mjs`")
        .isEqualTo(committed);
  }

  @Test
  void theArtifactNamesTheSourceItWasCompiledFrom() throws Exception {
    byte[] source =
        Files.readAllBytes(ROOT.resolve("app/core/src/main/solidity/AtelierCollection.sol"));
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(source));
    ContractArtifact artifact = ContractArtifact.load("/dev/atelier/chain/AtelierCollection.json");

    assertThat(artifact.sourceSha256()).isEqualTo(sha);
    assertThat(artifact.compilerVersion()).startsWith("0.8.37+");
    assertThat(artifact.bytecode()).startsWith("0x").hasSizeGreaterThan(1000);
    JsonNode settings =
        new ObjectMapper()
            .readTree(
                ROOT.resolve("app/core/src/main/resources/dev/atelier/chain/AtelierCollection.json")
                    .toFile())
            .path("settings");
    assertThat(settings.path("evmVersion").asText()).isEqualTo("cancun");
    assertThat(settings.path("optimizer").path("runs").asInt()).isEqualTo(200);
  }
}

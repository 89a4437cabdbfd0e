package dev.atelier.chain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.testing.NodeScript;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed contract artifacts are exactly what the pinned compiler makes of the sources. */
class ChainArtifactTest {

  private static final Path ROOT = Path.of(System.getProperty("atelier.tools")).resolve("../..");
  private static final Path RESOURCES = ROOT.resolve("app/core/src/main/resources");
  private static final Path TEST_RESOURCES = ROOT.resolve("src-test/core/resources");

  /** Every artifact the compile script writes, relative to the class-path root. */
  private static final List<String> ARTIFACTS =
      List.of(
          "dev/atelier/chain/AtelierCollection.json",
          "dev/atelier/chain/AtelierCollectionV2.json",
          "dev/atelier/bench/PlainERC721.json",
          "dev/atelier/bench/PlainERC721URIStorage.json",
          "dev/atelier/bench/PlainERC721A.json",
          "dev/atelier/bench/PlainSoladyERC721.json",
          "dev/atelier/chain/ReenteringReceiver.json");

  /** The artifacts of contracts that only tests use, committed under src-test/core/resources. */
  private static final List<String> TEST_ARTIFACTS =
      List.of("dev/atelier/chain/ReenteringReceiver.json");

  @Test
  void recompilingGivesEveryCommittedArtifactByteForByte(@TempDir Path out) throws IOException {
    JsonNode result = NodeScript.compileContracts().run(out.toString());
    List<String> written = new ArrayList<>();
    result.path("written").forEach(w -> written.add(w.asText()));
    assertThat(written).containsExactlyElementsOf(ARTIFACTS);

    for (String artifact : written) {
      byte[] fresh = Files.readAllBytes(out.resolve(artifact));
      byte[] committed = Files.readAllBytes(committed(artifact));
      assertThat(fresh)
          .as("%s is stale: run `node tools/js/compile-contracts.mjs`", artifact)
          .isEqualTo(committed);
    }
  }

  @Test
  void everyArtifactNamesTheSourceItWasCompiledFrom() throws Exception {
    for (String resource : ARTIFACTS) {
      JsonNode json = new ObjectMapper().readTree(committed(resource).toFile());
      byte[] source = Files.readAllBytes(ROOT.resolve(json.path("sourceFile").asText()));
      String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(source));
      ContractArtifact artifact = ContractArtifact.load("/" + resource);

      assertThat(artifact.name()).as(resource).isEqualTo(fileName(resource));
      assertThat(artifact.sourceSha256()).as(resource).isEqualTo(sha);
      assertThat(artifact.compilerVersion()).as(resource).startsWith("0.8.37+");
      assertThat(artifact.bytecode()).as(resource).startsWith("0x").hasSizeGreaterThan(1000);
      JsonNode settings = json.path("settings");
      assertThat(settings.path("evmVersion").asText()).as(resource).isEqualTo("cancun");
      assertThat(settings.path("optimizer").path("runs").asInt()).as(resource).isEqualTo(200);
    }
  }

  private static Path committed(String artifact) {
    return (TEST_ARTIFACTS.contains(artifact) ? TEST_RESOURCES : RESOURCES).resolve(artifact);
  }

  private static String fileName(String resource) {
    String file = resource.substring(resource.lastIndexOf('/') + 1);
    return file.substring(0, file.length() - ".json".length());
  }
}

package dev.atelier.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The worked example of docs/provenance/README.md stays true. */
class ProvenanceExampleTest {

  private static final Path DOCS =
      Path.of(System.getProperty("atelier.tools")).resolve("../../docs/provenance").normalize();

  @Test
  void theDocumentedExampleHasTheDocumentedHashDigestAndSignature() throws Exception {
    ProvenanceRecord r = ProvenanceRecord.parse(Files.readString(DOCS.resolve("example-v1.json")));
    String readme = Files.readString(DOCS.resolve("README.md"));
    String recordSha256 = "28b950619874ee9e34cd3dac6d74156a2882c092185903b27615fd7d3e93d0ef";
    String digest = "0x708005f23f79fc7036fbb425bdf75facd5b5747f719e3be094dabe332e928423";
    String signature =
        "0xbaacc88bc8bfbcaa9525d281394ac1ad2bd5811dc89b0b9e917c121c6cfa68063adf0ed7fcb4120e332de84d"
            + "acefc4d53d4a06aba28786f8644f029f8e8358b71b";
    assertThat(readme).contains(recordSha256, digest, signature);
    assertThat(r.recordSha256()).isEqualTo(recordSha256);
    assertThat(ProvenanceSignatures.digest(r, 31337)).isEqualTo(digest);
    ProvenanceSignatures.Verification v = ProvenanceSignatures.verify(r, 31337, signature);
    assertThat(v.matches()).as(v.problem()).isTrue();
    assertThat(v.recoveredSigner()).isEqualTo(ProvenanceFixtures.ADDRESS_0);
    assertThat(readme).contains(ProvenanceSignatures.TYPE);
  }
}

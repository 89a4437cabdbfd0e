package dev.atelier.license;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.catalog.License;
import dev.atelier.testing.NodeScript;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Creative Commons texts and their hashes, recomputed in Node from the SPDX License List
 * package ({@code spdx-license-list}, the source the resources were taken from).
 */
class LicenseHashCrossCheckTest {

  @ParameterizedTest
  @ValueSource(strings = {"CC0-1.0", "CC-BY-4.0", "CC-BY-NC-4.0", "CC-BY-SA-4.0"})
  void hashMatchesTheSpdxListText(String id) {
    License license = Licenses.builtIn(id).orElseThrow();
    JsonNode node = NodeScript.provenanceCheck().run("license-sha256", id);
    assertThat(node.path("sha256").asText()).isEqualTo(license.termsSha256());
    assertThat(node.path("length").asInt()).isEqualTo(license.termsText().length());
  }
}

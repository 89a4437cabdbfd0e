package dev.atelier.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A compiled contract as {@code tools/js/compile-contracts.mjs} writes it: ABI, creation bytecode
 * and how it was compiled.
 *
 * @param name the contract name
 * @param abi the ABI (a JSON array)
 * @param bytecode the creation code, {@code 0x}-prefixed hex
 * @param compilerVersion the solc version
 * @param sourceSha256 SHA-256 of the Solidity source compiled
 */
public record ContractArtifact(
    String name, JsonNode abi, String bytecode, String compilerVersion, String sourceSha256) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reads an artifact from the class path. */
  public static ContractArtifact load(String resource) {
    try (InputStream in = ContractArtifact.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("The contract artifact " + resource + " is missing");
      }
      JsonNode root = JSON.readTree(in);
      return new ContractArtifact(
          root.path("contractName").asText(),
          root.path("abi"),
          root.path("bytecode").asText(),
          root.path("compiler").path("version").asText(),
          root.path("sourceSha256").asText());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the contract artifact " + resource, e);
    }
  }
}

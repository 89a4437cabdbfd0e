package dev.atelier.testing;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a script of {@code tools/js} with Node: the independent implementations the tests compare
 * against. The folder comes from the {@code atelier.tools} system property (set by the root pom);
 * its {@code node_modules} from {@code npm ci} there. A missing Node or package fails the test: it
 * is never skipped.
 */
public final class NodeScript {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String script;
  private final List<String> packages;

  private NodeScript(String script, List<String> packages) {
    this.script = script;
    this.packages = packages;
  }

  /** {@code tools/js/wallet-check.mjs}: keys, keystores and signatures through ethers. */
  public static NodeScript walletCheck() {
    return new NodeScript("wallet-check.mjs", List.of("ethers"));
  }

  /** {@code tools/js/c2pa-check.mjs}: c2pa-rs reading a PNG; its one argument is the file. */
  public static NodeScript c2paCheck() {
    return new NodeScript("c2pa-check.mjs", List.of("@contentauth/c2pa-wasm"));
  }

  /** {@code tools/js/provenance-check.mjs}. */
  public static NodeScript provenanceCheck() {
    return new NodeScript(
        "provenance-check.mjs", List.of("ethers", "canonicalize", "spdx-license-list"));
  }

  /** {@code tools/js/content-check.mjs}: multiformats and @ipld/car. */
  public static NodeScript contentCheck() {
    return new NodeScript("content-check.mjs", List.of("multiformats", "@ipld/car"));
  }

  /** {@code tools/js/compile-contracts.mjs}: its one argument is the output class-path root. */
  public static NodeScript compileContracts() {
    return new NodeScript(
        "compile-contracts.mjs", List.of("solc", "@openzeppelin/contracts", "solady"));
  }

  /** {@code tools/js/chain-check.mjs}: reads an AtelierCollection through ethers. */
  public static NodeScript chainCheck() {
    return new NodeScript("chain-check.mjs", List.of("ethers"));
  }

  /** {@code tools/js/merkle-check.mjs}: batch proofs through @openzeppelin/merkle-tree. */
  public static NodeScript merkleCheck() {
    return new NodeScript("merkle-check.mjs", List.of("@openzeppelin/merkle-tree", "ethers"));
  }

  /** Runs {@code node SCRIPT COMMAND ARGS...} and reads the one JSON object it prints. */
  public JsonNode run(String command, String... args) {
    Path tools = tools(packages);
    List<String> cmd = new ArrayList<>(List.of("node", script, command));
    cmd.addAll(List.of(args));
    try {
      Process p =
          new ProcessBuilder(cmd)
              .directory(tools.toFile())
              .redirectError(ProcessBuilder.Redirect.PIPE)
              .start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      byte[] err = p.getErrorStream().readAllBytes();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return fail("node %s %s timed out", script, command);
      }
      if (p.exitValue() != 0) {
        return fail(
            "node %s %s failed (exit %d): %s",
            script, command, p.exitValue(), new String(err, StandardCharsets.UTF_8).strip());
      }
      return JSON.readTree(out);
    } catch (IOException e) {
      return fail("Cannot run node (is Node.js 18+ on the PATH?): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted", e);
    }
  }

  private static Path tools(List<String> packages) {
    String dir = System.getProperty("atelier.tools");
    if (dir == null) {
      return fail(
          "The system property atelier.tools is not set: run the tests through Maven, whose root"
              + " pom points it at tools/js");
    }
    Path tools = Path.of(dir);
    for (String pkg : packages) {
      if (!Files.isDirectory(tools.resolve("node_modules").resolve(pkg))) {
        return fail(
            "%s is not installed in %s/node_modules: run `npm ci` in %s (.ci/run does)",
            pkg, tools, tools);
      }
    }
    return tools;
  }
}

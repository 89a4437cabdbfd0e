package dev.atelier.c2pa;

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
 * Runs {@code tools/js/c2pa-check.mjs}: c2pa-rs, the C2PA reference implementation (as WebAssembly,
 * {@code @contentauth/c2pa-wasm}), reading a PNG. The folder comes from the {@code atelier.tools}
 * system property (set by the root pom); its {@code node_modules} from {@code npm ci} there. A
 * missing Node or c2pa-wasm fails the test: it is never skipped.
 */
public final class C2paRs {

  private static final ObjectMapper JSON = new ObjectMapper();

  private C2paRs() {}

  /** c2pa-rs's reading of {@code png} (written to a temporary file under {@code dir}). */
  public static JsonNode read(byte[] png, Path dir) {
    try {
      Path file = Files.createTempFile(dir, "c2pa-", ".png");
      Files.write(file, png);
      return run(file);
    } catch (IOException e) {
      return fail("Cannot write the PNG for c2pa-rs", e);
    }
  }

  public static JsonNode run(Path file) {
    Path tools = tools();
    List<String> cmd = new ArrayList<>(List.of("node", "c2pa-check.mjs", file.toString()));
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
        return fail("node c2pa-check.mjs timed out");
      }
      if (p.exitValue() != 0) {
        return fail(
            "node c2pa-check.mjs failed (exit %d): %s",
            p.exitValue(), new String(err, StandardCharsets.UTF_8).strip());
      }
      return JSON.readTree(out);
    } catch (IOException e) {
      return fail("Cannot run node (is Node.js 18+ on the PATH?): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted", e);
    }
  }

  /** The status codes c2pa-rs gave the active manifest, of one kind (success, failure, ...). */
  public static List<String> codes(JsonNode result, String kind) {
    List<String> codes = new ArrayList<>();
    result
        .path("store")
        .path("validation_results")
        .path("activeManifest")
        .path(kind)
        .forEach(n -> codes.add(n.path("code").asText()));
    return codes;
  }

  private static Path tools() {
    String dir = System.getProperty("atelier.tools");
    if (dir == null) {
      return fail(
          "The system property atelier.tools is not set: run the tests through Maven, whose root"
              + " pom points it at tools/js");
    }
    Path tools = Path.of(dir);
    if (!Files.isDirectory(
        tools.resolve("node_modules").resolve("@contentauth").resolve("c2pa-wasm"))) {
      return fail(
          "@contentauth/c2pa-wasm is not installed in %s/node_modules: run `npm ci` in %s"
              + " (.ci/run does)",
          tools, tools);
    }
    return tools;
  }
}

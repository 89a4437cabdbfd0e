package dev.atelier.c2pa;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.testing.NodeScript;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code tools/js/c2pa-check.mjs} through {@link NodeScript}: c2pa-rs, the C2PA reference
 * implementation (as WebAssembly, {@code @contentauth/c2pa-wasm}), reading a PNG. A missing Node or
 * c2pa-wasm fails the test: it is never skipped.
 */
public final class C2paRs {

  private static final NodeScript SCRIPT = NodeScript.c2paCheck();

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

  /** c2pa-rs's reading of the PNG {@code file}. */
  public static JsonNode run(Path file) {
    return SCRIPT.run(file.toString());
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
}

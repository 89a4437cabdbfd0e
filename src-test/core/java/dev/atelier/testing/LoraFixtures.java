package dev.atelier.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.hashing.Hashes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Copies of the reference LoRA ({@code src-test/fixtures/lora/lora.safetensors}) as the tests of
 * finding LoRAs again need them: as it is, with other metadata in its header (the same tensors), or
 * with one tensor byte changed (another LoRA of the same shape).
 */
public final class LoraFixtures {

  /** The reference LoRA for the small runnable checkpoint. */
  public static final Path LORA =
      Path.of(System.getProperty("atelier.fixtures"), "lora", "lora.safetensors");

  /** A {@code .safetensors} file that is no LoRA (a model delta). */
  public static final Path NOT_A_LORA =
      Path.of(System.getProperty("atelier.fixtures"), "lora", "delta.safetensors");

  private static final ObjectMapper JSON = new ObjectMapper();

  private LoraFixtures() {}

  /** The reference LoRA copied to {@code to}. */
  public static Path copy(Path to) throws IOException {
    Files.createDirectories(to.getParent());
    return Files.copy(LORA, to);
  }

  /** The reference LoRA at {@code to}, its header's metadata replaced by {@code metadata}. */
  public static Path withMetadata(Path to, Map<String, String> metadata) throws IOException {
    byte[] bytes = Files.readAllBytes(LORA);
    int n = headerLength(bytes);
    ObjectNode header = (ObjectNode) JSON.readTree(Arrays.copyOfRange(bytes, 8, 8 + n));
    header.set("__metadata__", JSON.valueToTree(metadata));
    byte[] json = JSON.writeValueAsBytes(header);
    byte[] data = Arrays.copyOfRange(bytes, 8 + n, bytes.length);
    ByteBuffer out = ByteBuffer.allocate(8 + json.length + data.length);
    out.order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).put(json).put(data);
    Files.createDirectories(to.getParent());
    return Files.write(to, out.array());
  }

  /** The reference LoRA at {@code to} with its last tensor byte changed: another LoRA. */
  public static Path altered(Path to) throws IOException {
    byte[] bytes = Files.readAllBytes(LORA);
    bytes[bytes.length - 2] ^= 0x01;
    Files.createDirectories(to.getParent());
    return Files.write(to, bytes);
  }

  /** SHA-256 of the file. */
  public static String sha256(Path file) throws IOException {
    return Hashes.sha256Hex(Files.readAllBytes(file));
  }

  /** SHA-256 of the tensor data after the header, as kohya's scripts and web UI hash a LoRA. */
  public static String dataSha256(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int n = headerLength(bytes);
    return Hashes.sha256Hex(Arrays.copyOfRange(bytes, 8 + n, bytes.length));
  }

  private static int headerLength(byte[] bytes) {
    long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    String first = new String(bytes, 8, 1, StandardCharsets.US_ASCII);
    if (!first.equals("{")) {
      throw new IllegalStateException("not a safetensors file");
    }
    return Math.toIntExact(n);
  }
}

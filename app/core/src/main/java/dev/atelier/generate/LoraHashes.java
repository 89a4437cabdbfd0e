package dev.atelier.generate;

import dev.atelier.hashing.Hashes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * The two hashes a LoRA file goes by, worked out in one read of the file: the SHA-256 of the whole
 * file, which Atelier's records and parameters text name, and the SHA-256 of the tensor data after
 * the {@code .safetensors} header, which kohya's training scripts store as {@code sshs_model_hash}
 * and Stable Diffusion web UI writes (its first 12 hex digits) in {@code Lora hashes}. The second
 * stays the same when only the header's metadata changes.
 *
 * @param sha256 SHA-256 of the file's bytes, hex
 * @param dataSha256 SHA-256 of the bytes after the 8-byte length and the header it gives, hex; null
 *     when the file does not begin with a plausible header length
 * @param size the file's size in bytes
 * @param modifiedMillis its modification time before it was read, in milliseconds
 */
public record LoraHashes(String sha256, String dataSha256, long size, long modifiedMillis) {

  /**
   * Hashes {@code file}.
   *
   * @throws IOException when it cannot be read
   */
  public static LoraHashes of(Path file) throws IOException {
    long size = Files.size(file);
    long modified = Files.getLastModifiedTime(file).toMillis();
    MessageDigest whole = Hashes.sha256Digest();
    MessageDigest data = Hashes.sha256Digest();
    byte[] buffer = new byte[1 << 20];
    long position = 0;
    long dataStart = -1;
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(8);
      whole.update(head);
      position = head.length;
      if (head.length == 8) {
        long n = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (n >= 2 && n <= size - 8) {
          dataStart = 8 + n;
        }
      }
      for (int read; (read = in.read(buffer)) > 0; ) {
        whole.update(buffer, 0, read);
        if (dataStart >= 0 && position + read > dataStart) {
          int from = (int) Math.max(0, dataStart - position);
          data.update(buffer, from, read - from);
        }
        position += read;
      }
    }
    return new LoraHashes(
        Hashes.hex(whole.digest()),
        dataStart >= 0 && position >= dataStart ? Hashes.hex(data.digest()) : null,
        size,
        modified);
  }
}

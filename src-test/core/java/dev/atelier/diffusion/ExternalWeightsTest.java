package dev.atelier.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An imported checkpoint stays where the artist keeps it: its model.json points there, its hash is
 * the file's own SHA-256, and a moved, altered or partly hashed file is handled in plain words.
 */
class ExternalWeightsTest {

  @TempDir Path home;
  Path downloads;
  Path checkpoint;
  Path modelDir;
  byte[] content;

  @BeforeEach
  void setUp() throws IOException {
    downloads = Files.createDirectories(home.resolve("Downloads"));
    checkpoint = downloads.resolve("painterly-v2.safetensors");
    content = new byte[3 * (1 << 20) + 12345];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) (i * 31 + (i >> 9));
    }
    Files.write(checkpoint, content);
    modelDir = Files.createDirectories(home.resolve("models/painterly-v2"));
  }

  private ModelManifest manifest() throws IOException {
    return new ModelManifest(
        "painterly-v2",
        "1",
        "sd-checkpoint",
        "test",
        "unknown",
        List.of(ModelManifest.describe(downloads, "painterly-v2.safetensors")),
        null,
        Map.of(),
        null,
        downloads.toString());
  }

  private static String independentSha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }

  @Test
  void theWeightsHashIsTheFilesOwnSha256AndItsShortForm() throws Exception {
    ModelManifest m = manifest();
    m.write(modelDir);
    ModelManifest read = ModelManifest.read(modelDir);
    assertThat(read.source()).isEqualTo(downloads.toString());
    read.verify(modelDir);
    String expected = independentSha256(content);
    assertThat(read.weightsSha256()).isEqualTo(expected);
    assertThat(FileHashing.shortForm(read.weightsSha256()))
        .isEqualTo(expected.substring(0, 10).toUpperCase());
    assertThat(read.filesRoot(modelDir)).isEqualTo(downloads);
  }

  @Test
  void progressCountsUpToTheTotalAndCancelStopsHashing() throws Exception {
    ModelManifest m = manifest();
    List<long[]> seen = new ArrayList<>();
    m.verify(modelDir, (done, total) -> seen.add(new long[] {done, total}), () -> false);
    assertThat(seen).hasSizeGreaterThanOrEqualTo(4);
    for (int i = 1; i < seen.size(); i++) {
      assertThat(seen.get(i)[0]).isGreaterThan(seen.get(i - 1)[0]);
    }
    assertThat(seen.getLast()).containsExactly(content.length, content.length);

    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(
            () -> m.verify(modelDir, (d, t) -> calls.incrementAndGet(), () -> calls.get() >= 2))
        .isInstanceOf(CancellationException.class);
    assertThat(calls.get()).isEqualTo(2);
  }

  @Test
  void aMovedOrAlteredCheckpointIsNamed() throws Exception {
    ModelManifest m = manifest();
    try (RandomAccessFile f = new RandomAccessFile(checkpoint.toFile(), "rw")) {
      f.seek(content.length - 1);
      f.write(content[content.length - 1] ^ 0x40);
    }
    assertThatThrownBy(() -> m.verify(modelDir))
        .isInstanceOf(ModelIntegrityException.class)
        .hasMessageContaining("painterly-v2.safetensors is corrupt");
    Files.move(checkpoint, home.resolve("elsewhere.safetensors"));
    assertThatThrownBy(() -> m.verify(modelDir))
        .isInstanceOf(ModelIntegrityException.class)
        .hasMessageContaining("is missing (moved or deleted since it was imported?)");
  }
}

package dev.atelier.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.catalog.Catalog;
import dev.atelier.catalog.LoraFileEntry;
import dev.atelier.testing.LoraFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LoRA files this computer has: found again by the hash of the file or of its tensor data, in
 * the LoRA folder and beside the files used before, hashed once and again when they change.
 */
class LoraLibraryTest {

  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  @TempDir Path home;
  private Catalog catalog;
  private LoraLibrary library;
  private Path folder;

  @BeforeEach
  void open() {
    catalog = Catalog.open(home.resolve("catalog.db"));
    folder = home.resolve("loras");
    library = new LoraLibrary(catalog, folder, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void close() {
    catalog.close();
  }

  @Test
  void bothHashesComeFromOneReadAndTheDataHashIgnoresTheHeadersMetadata() throws Exception {
    Path plain = LoraFixtures.copy(home.resolve("a/plain.safetensors"));
    Path tagged =
        LoraFixtures.withMetadata(
            home.resolve("a/tagged.safetensors"), Map.of("ss_output_name", "ink"));
    LoraHashes a = LoraHashes.of(plain);
    LoraHashes b = LoraHashes.of(tagged);

    assertThat(a.sha256()).isEqualTo(LoraFixtures.sha256(plain));
    assertThat(a.dataSha256()).isEqualTo(LoraFixtures.dataSha256(plain));
    assertThat(a.size()).isEqualTo(Files.size(plain));
    assertThat(b.sha256()).isNotEqualTo(a.sha256());
    assertThat(b.dataSha256()).as("same tensors, other metadata").isEqualTo(a.dataSha256());

    Path text = Files.writeString(home.resolve("a/short.bin"), "abc");
    assertThat(LoraHashes.of(text).dataSha256()).as("no header length").isNull();
  }

  @Test
  void aFileUsedBeforeIsFoundByEitherHashAndItsFolderIsLookedThrough() throws Exception {
    Path used = LoraFixtures.copy(home.resolve("Downloads/ink.safetensors"));
    Path beside = LoraFixtures.altered(home.resolve("Downloads/styles/other.safetensors"));
    library.used(used, LoraFixtures.sha256(used));

    LoraFileEntry entry = catalog.loraFiles().find(used.toString()).orElseThrow();
    assertThat(entry.usedAt()).isEqualTo(NOW);
    assertThat(entry.dataSha256()).as("worked out when needed").isNull();
    assertThat(library.folders()).containsExactly(folder, used.getParent());

    String sha = LoraFixtures.sha256(used);
    assertThat(library.withHash(sha)).map(LoraLibrary.Found::file).contains(used);
    assertThat(library.withHash(sha.substring(0, 12).toUpperCase()))
        .map(LoraLibrary.Found::file)
        .contains(used);
    assertThat(library.withHash(LoraFixtures.dataSha256(used).substring(0, 12)))
        .map(LoraLibrary.Found::file)
        .contains(used);
    assertThat(catalog.loraFiles().find(used.toString()).orElseThrow().dataSha256())
        .isEqualTo(LoraFixtures.dataSha256(used));

    // A LoRA in a subfolder beside it, never used: hashed when its hash is asked for.
    assertThat(library.withHash(LoraFixtures.sha256(beside).substring(0, 12)))
        .map(LoraLibrary.Found::file)
        .contains(beside);
    assertThat(catalog.loraFiles().find(beside.toString()).orElseThrow().usedAt()).isNull();

    assertThat(library.withHash("0123456789ab")).isEmpty();
    assertThatThrownBy(() -> library.withHash("xyz"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Not a hash");
  }

  @Test
  void filesInTheLoraFolderAreFoundByNameOrHashAndNonLorasAreNeverHashed() throws Exception {
    Path renamed = LoraFixtures.copy(folder.resolve("sub/Ink-Style.safetensors"));
    Path checkpoint = folder.resolve("model.safetensors");
    Files.copy(LoraFixtures.NOT_A_LORA, checkpoint);

    assertThat(library.named("ink-style"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.file()).isEqualTo(renamed);
              assertThat(f.name()).isEqualTo("Ink-Style");
              assertThat(f.sha256()).isEqualTo(LoraFixtures.sha256(renamed));
            });
    assertThat(library.named("model")).as("no LoRA keys in its header").isEmpty();
    assertThat(library.withHash(LoraFixtures.sha256(LoraFixtures.NOT_A_LORA))).isEmpty();
    assertThat(catalog.loraFiles().find(checkpoint.toString())).isEmpty();
  }

  @Test
  void aChangedFileIsHashedAgainAndAGoneOneForgotten() throws Exception {
    Path file = LoraFixtures.copy(folder.resolve("ink.safetensors"));
    String before = LoraFixtures.sha256(file);
    library.used(file, before);
    assertThat(library.withHash(before)).isPresent();

    Files.copy(
        LoraFixtures.altered(home.resolve("tmp/x.safetensors")),
        file,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.setLastModifiedTime(file, FileTime.from(NOW.plusSeconds(60)));
    String after = LoraFixtures.sha256(file);
    assertThat(library.withHash(before)).as("the old content is gone").isEmpty();
    assertThat(library.withHash(after)).map(LoraLibrary.Found::file).contains(file);
    assertThat(catalog.loraFiles().find(file.toString()).orElseThrow().usedAt())
        .as("its folder stays one to look through")
        .isEqualTo(NOW);

    Files.delete(file);
    assertThat(library.withHash(after)).isEmpty();
    assertThat(catalog.loraFiles().find(file.toString())).isEmpty();
  }
}

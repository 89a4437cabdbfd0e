package dev.atelier.imagesettings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.catalog.Catalog;
import dev.atelier.generate.LoraLibrary;
import dev.atelier.testing.LoraFixtures;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LoRAs an image names, found among the user's files: by hash first (a file of the right name
 * but other bytes is not used), by name when the image gives no hash; each one missing said in
 * words, the others still found.
 */
class LoraMatchTest {

  @TempDir Path home;
  private Catalog catalog;
  private LoraLibrary library;
  private Path folder;

  @BeforeEach
  void open() {
    catalog = Catalog.open(home.resolve("catalog.db"));
    folder = home.resolve("loras");
    library = new LoraLibrary(catalog, folder, Clock.systemUTC());
  }

  @AfterEach
  void close() {
    catalog.close();
  }

  @Test
  void aLoraIsFoundByItsWebUiHashUnderAnotherNameAndWithoutAHashByName() throws Exception {
    Path ink = LoraFixtures.withMetadata(folder.resolve("ink_v2.safetensors"), Map.of("a", "b"));
    String webUiHash = LoraFixtures.dataSha256(LoraFixtures.LORA).substring(0, 12);

    LoraMatch.Result byHash =
        LoraMatch.find(List.of(new ImageSettings.Lora("ink", webUiHash, 0.7)), library);
    assertThat(byHash.complete()).isTrue();
    assertThat(byHash.found())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.file()).isEqualTo(ink);
              assertThat(r.weight()).isEqualTo(0.7);
              assertThat(r.sha256()).isEqualTo(LoraFixtures.sha256(ink));
            });

    LoraMatch.Result byName =
        LoraMatch.find(List.of(new ImageSettings.Lora("INK_v2", null, null)), library);
    assertThat(byName.found()).singleElement().satisfies(r -> assertThat(r.weight()).isEqualTo(1));
    assertThat(byName.notes())
        .containsExactly("LoRA 'INK_v2' has no weight in the image; 1 is used");
  }

  @Test
  void aFileOfTheRightNameButOtherBytesIsNotUsedAndTheOthersAreStillFound() throws Exception {
    Path used = LoraFixtures.copy(home.resolve("Downloads/grain.safetensors"));
    library.used(used, LoraFixtures.sha256(used));
    Path impostor = LoraFixtures.altered(folder.resolve("film.safetensors"));
    String wanted = LoraFixtures.sha256(LoraFixtures.LORA);
    String gone = "0123456789ab";

    LoraMatch.Result r =
        LoraMatch.find(
            List.of(
                new ImageSettings.Lora("film", "fedcba987654", 0.5),
                new ImageSettings.Lora(null, wanted, 0.8),
                new ImageSettings.Lora("detail", gone, 1.0),
                new ImageSettings.Lora("grain", wanted.substring(0, 12), 9.0)),
            library);

    assertThat(r.found()).extracting(LoraMatch.Restored::file).containsExactly(used, used);
    assertThat(r.found()).extracting(LoraMatch.Restored::weight).containsExactly(0.8, 4.0);
    assertThat(r.notes())
        .containsExactly(
            "LoRA 'grain' (hash "
                + wanted.substring(0, 12)
                + ") has weight 9.0, beyond -4 to 4; 4.0 is used");
    assertThat(r.missing())
        .containsExactly(
            "LoRA 'film' (hash fedcba987654) not found: "
                + impostor
                + " has its name but is another file (hash "
                + LoraFixtures.sha256(impostor).substring(0, 12)
                + "); add it to the LoRA folder ("
                + folder
                + ").",
            "LoRA 'detail' (hash 0123456789ab) not found; add it to the LoRA folder ("
                + folder
                + ").");
    assertThat(r.complete()).isFalse();
  }
}

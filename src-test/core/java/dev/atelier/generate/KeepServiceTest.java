package dev.atelier.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.Studio;
import dev.atelier.catalog.Asset;
import dev.atelier.config.AppDirs;
import dev.atelier.hashing.Hashes;
import dev.atelier.license.Licenses;
import dev.atelier.provenance.ProvenanceService;
import dev.atelier.testing.GeneratedAssets;
import dev.atelier.wallet.TestAccounts;
import dev.atelier.wallet.UnlockedAccount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keep has one implementation: the studio's Keep button and signing both go through it. */
class KeepServiceTest {

  @TempDir Path home;
  private Studio studio;

  @BeforeEach
  void open() throws Exception {
    studio = Studio.start(AppDirs.under(home), Clock.systemUTC());
    Files.createDirectories(studio.keeping().variantsDir());
  }

  @AfterEach
  void close() {
    studio.close();
  }

  private Asset studioVariant(int seed) {
    return GeneratedAssets.variant(studio, studio.keeping().variantsDir(), seed, "sunset", "");
  }

  @Test
  void aStudioVariantMovesIntoTheImagesFolderAndBecomesAKeptAsset() throws Exception {
    Asset asset = studioVariant(1);
    Path variant = Path.of(asset.filePath());
    byte[] png = Files.readAllBytes(variant);

    Path kept = studio.keeping().keep(asset.id());

    assertThat(kept).hasParent(AppDirs.under(home).data().resolve("images"));
    assertThat(kept).hasFileName(variant.getFileName().toString()).hasBinaryContent(png);
    assertThat(variant).doesNotExist();
    Asset row = studio.catalog().assets().find(asset.id()).orElseThrow();
    assertThat(row.kept()).isTrue();
    assertThat(row.filePath()).isEqualTo(kept.toString());
    assertThat(row.fileSha256()).isEqualTo(Hashes.sha256Hex(png));

    assertThat(studio.keeping().keep(asset.id()))
        .as("keeping again changes nothing")
        .isEqualTo(kept);
    assertThat(kept).hasBinaryContent(png);
  }

  @Test
  void aFileTheArtistPutElsewhereStaysWhereItIs() throws Exception {
    Path chosen = Files.createDirectories(home.resolve("my-pictures"));
    Asset asset = GeneratedAssets.variant(studio, chosen, 2, "waves", "");

    Path kept = studio.keeping().keep(asset.id());

    assertThat(kept).isEqualTo(Path.of(asset.filePath()).toAbsolutePath().normalize()).exists();
    assertThat(studio.catalog().assets().find(asset.id()).orElseThrow().kept()).isTrue();
  }

  @Test
  void signingAStudioVariantKeepsItTheSameWay() throws Exception {
    Asset asset = studioVariant(3);
    try (UnlockedAccount artist = TestAccounts.unlocked(TestAccounts.KEY_0)) {
      ProvenanceService.Signed signed =
          studio.provenance().sign(asset.id(), Licenses.CC_BY, 31337, artist);

      Path images = AppDirs.under(home).data().resolve("images");
      assertThat(signed.file()).hasParent(images).exists();
      assertThat(Path.of(asset.filePath())).doesNotExist();
      Asset row = studio.catalog().assets().find(asset.id()).orElseThrow();
      assertThat(row.kept()).isTrue();
      assertThat(row.filePath()).isEqualTo(signed.file().toString());
      assertThat(row.fileSha256())
          .as("the generated image's hash, as before")
          .isEqualTo(asset.fileSha256());
    }
  }
}

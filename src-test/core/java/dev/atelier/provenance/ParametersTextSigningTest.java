package dev.atelier.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.Studio;
import dev.atelier.c2pa.C2paPng;
import dev.atelier.c2pa.C2paRs;
import dev.atelier.catalog.Asset;
import dev.atelier.config.AppDirs;
import dev.atelier.diffusion.sampling.SamplerKind;
import dev.atelier.generate.ParametersText;
import dev.atelier.imagesettings.ImageSettings;
import dev.atelier.imagesettings.ImageSettingsReader;
import dev.atelier.license.Licenses;
import dev.atelier.png.PngText;
import dev.atelier.testing.GeneratedAssets;
import dev.atelier.wallet.TestAccounts;
import dev.atelier.wallet.UnlockedAccount;
import java.nio.file.Files;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code parameters} text goes into each PNG before signing, so the C2PA data hash covers it:
 * c2pa-rs and Atelier's verifier accept the signed file, and an edited text breaks the hash.
 */
class ParametersTextSigningTest {

  @TempDir java.nio.file.Path home;
  Studio studio;
  UnlockedAccount artist;

  @BeforeEach
  void open() {
    studio =
        Studio.start(AppDirs.under(home), Clock.fixed(ProvenanceServiceTest.NOW, ZoneOffset.UTC));
    artist = TestAccounts.unlocked(TestAccounts.KEY_0);
  }

  @AfterEach
  void close() {
    artist.close();
    studio.close();
  }

  private byte[] signedVariant(int seed, String prompt) throws Exception {
    Asset asset = GeneratedAssets.variant(studio, home, seed, prompt, "blurry");
    return Files.readAllBytes(
        studio.provenance().sign(asset.id(), Licenses.CC_BY, 31337, artist).file());
  }

  @Test
  void aSignedImageKeepsItsSettingsTextAndBothVerifiersAcceptIt() throws Exception {
    byte[] signed = signedVariant(7, "harbour at dawn, ink wash");
    String text = PngText.find(signed, ParametersText.KEYWORD).orElseThrow();
    assertThat(text)
        .isEqualTo(
            "harbour at dawn, ink wash\nNegative prompt: blurry\nSteps: 20, Sampler: DPM++ 2M"
                + " Karras, CFG scale: 3.0, Seed: 7, Size: 64x64, Model hash: 9c9c9c9c9c,"
                + " Model: atelier-tiny");

    assertThat(ProvenanceVerifier.verify(signed).verdict())
        .isEqualTo(ProvenanceVerifier.Verdict.VERIFIED);
    JsonNode result = C2paRs.read(signed, home);
    assertThat(C2paRs.codes(result, "failure")).containsExactly("signingCredential.untrusted");
    assertThat(C2paRs.codes(result, "success")).contains("assertion.dataHash.match");

    ImageSettings settings = ImageSettingsReader.read(signed);
    assertThat(settings.source()).isEqualTo(ImageSettings.Source.PROVENANCE_RECORD);
    assertThat(settings.prompt()).isEqualTo("harbour at dawn, ink wash");
    assertThat(settings.negativePrompt()).isEqualTo("blurry");
    assertThat(settings.seed()).isEqualTo(7L);
    assertThat(settings.sampler()).isEqualTo(SamplerKind.DPMPP_2M_KARRAS);
    assertThat(settings.modelName()).isEqualTo(GeneratedAssets.MODEL);
    assertThat(settings.modelHash()).isEqualTo("9c".repeat(32));
    assertThat(settings.madeByAtelier()).isTrue();
    assertThat(settings.notes()).isEmpty();
  }

  @Test
  void editingTheSettingsTextOfASignedImageBreaksTheHash() throws Exception {
    byte[] signed = signedVariant(8, "harbour at dawn, ink wash");
    String text = PngText.find(signed, ParametersText.KEYWORD).orElseThrow();
    byte[] edited =
        PngText.withText(signed, ParametersText.KEYWORD, text.replace("Seed: 8", "Seed: 9"));
    assertThat(C2paPng.manifestStore(edited)).isPresent();

    ProvenanceVerifier.Report report = ProvenanceVerifier.verify(edited);
    assertThat(report.verdict()).isEqualTo(ProvenanceVerifier.Verdict.NOT_VERIFIED);
    assertThat(report.c2pa().dataHashValid()).isFalse();
    assertThat(report.fileMatches()).isFalse();
    assertThat(report.pixelsMatch()).as("the pixels are untouched").isTrue();

    JsonNode result = C2paRs.read(edited, home);
    assertThat(C2paRs.codes(result, "failure")).contains("assertion.dataHash.mismatch");
    assertThat(result.path("store").path("validation_state").asText()).isEqualTo("Invalid");
  }
}

package dev.atelier.diffusion.sd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.Shape;
import dev.atelier.diffusion.ModelIntegrityException;
import dev.atelier.diffusion.ModelLibrary;
import dev.atelier.diffusion.ModelManifest;
import dev.atelier.diffusion.safetensors.SafetensorsException;
import dev.atelier.diffusion.sd.checkpoint.CheckpointException;
import dev.atelier.diffusion.sd.checkpoint.SyntheticCheckpoints;
import dev.atelier.task.CancellationToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Importing a checkpoint: detected, hashed with progress, registered in place without a copy, and
 * refused in words when Atelier cannot run it.
 */
class CheckpointImportTest {

  @TempDir Path home;

  private Path models() {
    return home.resolve("data/models");
  }

  private Path sd1File(String name) throws Exception {
    return SyntheticCheckpoints.write(
        home.resolve("Downloads").resolve(name), SyntheticCheckpoints.sd1(4));
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  @Test
  void aSingleFileIsRegisteredInPlaceWithItsOwnHash() throws Exception {
    Path file = sd1File("Dream Shaper v8 (pruned).safetensors");
    List<long[]> progress = new ArrayList<>();
    CheckpointImport.Imported imported =
        CheckpointImport.run(
            file,
            models(),
            null,
            "CreativeML-OpenRAIL-M",
            (done, total) -> progress.add(new long[] {done, total}),
            CancellationToken.NONE);

    assertThat(imported.model().id()).isEqualTo("dream-shaper-v8-pruned@1");
    assertThat(imported.detected().description()).isEqualTo("Stable Diffusion 1.x, single file");
    assertThat(imported.sha256()).isEqualTo(sha256(file));
    assertThat(imported.shortHash()).isEqualTo(sha256(file).substring(0, 10).toUpperCase());
    assertThat(imported.bytes()).isEqualTo(Files.size(file));
    assertThat(progress.getLast()).containsExactly(Files.size(file), Files.size(file));

    ModelLibrary library = new ModelLibrary(List.of(models()));
    ModelLibrary.Installed found = library.find("dream-shaper-v8-pruned");
    ModelManifest m = found.manifest();
    assertThat(m.kind()).isEqualTo(CheckpointImport.KIND);
    assertThat(m.source()).isEqualTo(file.getParent().toString());
    assertThat(m.license()).isEqualTo("CreativeML-OpenRAIL-M");
    assertThat(m.architecture().get("family").asText()).isEqualTo("SD1");
    m.verify(found.dir());
    try (Stream<Path> inModels = Files.walk(models())) {
      assertThat(inModels.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
          .containsExactly("model.json"); // nothing copied
    }
  }

  @Test
  void sameNameFromAnotherSourceIsNumberedAndTheSameSourceIsReplaced() throws Exception {
    Path first = sd1File("portrait.safetensors");
    Path other =
        SyntheticCheckpoints.write(
            home.resolve("Elsewhere/portrait.safetensors"), SyntheticCheckpoints.sd1(4));
    var a = CheckpointImport.run(first, models(), null, null, null, null);
    var b = CheckpointImport.run(other, models(), null, null, null, null);
    var again = CheckpointImport.run(first, models(), null, null, null, null);
    assertThat(a.model().id()).isEqualTo("portrait@1");
    assertThat(b.model().id()).isEqualTo("portrait-2@1");
    assertThat(again.model().dir()).isEqualTo(a.model().dir());
    assertThat(new ModelLibrary(List.of(models())).list()).hasSize(2);
    assertThat(a.model().manifest().license()).isEqualTo("unknown");
  }

  @Test
  void aDiffusersFolderCoversItsWeightsTokenizerAndScheduler() throws Exception {
    Path dir = SyntheticCheckpoints.diffusersFolder(home.resolve("Downloads/sd15-diffusers"), 4);
    var imported = CheckpointImport.run(dir, models(), "sd15", null, null, null);
    assertThat(imported.detected().description()).contains("diffusers folder");
    assertThat(imported.model().manifest().files().stream().map(ModelManifest.FileEntry::path))
        .containsExactly(
            "unet/diffusion_pytorch_model.safetensors",
            "vae/diffusion_pytorch_model.safetensors",
            "text_encoder/model.safetensors",
            "tokenizer/vocab.json",
            "tokenizer/merges.txt",
            "scheduler/scheduler_config.json");
    Files.writeString(dir.resolve("tokenizer/merges.txt"), "#version: 0.2\na b\n");
    assertThatThrownBy(() -> imported.model().manifest().verify(imported.model().dir()))
        .isInstanceOf(ModelIntegrityException.class)
        .hasMessageContaining("merges.txt");
  }

  @Test
  void whatCannotRunIsRefusedInWordsAndNothingIsWritten() throws Exception {
    Map<String, Shape> sd2 = new LinkedHashMap<>();
    sd2.putAll(
        SyntheticCheckpoints.ldmUnet(4, 8, List.of(1, 2, 4, 4), List.of(1, 1, 1, 0), 1024, 0));
    sd2.putAll(SyntheticCheckpoints.ldmVae(4, List.of(1, 2, 4, 4), true));
    sd2.putAll(SyntheticCheckpoints.openClip("cond_stage_model.model.", 5, 1024, 23));
    Path v2 = SyntheticCheckpoints.write(home.resolve("v2.safetensors"), sd2);
    assertThatThrownBy(() -> CheckpointImport.run(v2, models(), null, null, null, null))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("Stable Diffusion 2.x")
        .hasMessageContaining("not supported yet");

    Path pickle = home.resolve("old.ckpt");
    Files.write(pickle, new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0});
    assertThatThrownBy(() -> CheckpointImport.run(pickle, models(), null, null, null, null))
        .isInstanceOf(SafetensorsException.class)
        .hasMessageContaining("can run any code")
        .hasMessageContaining(".safetensors version");
    assertThat(Files.exists(models())).isFalse();
  }

  @Test
  void cancelWhileHashingLeavesNoModelBehind() throws Exception {
    Path file = sd1File("big.safetensors");
    assertThatThrownBy(
            () -> CheckpointImport.run(file, models(), null, null, (d, t) -> {}, () -> true))
        .isInstanceOf(CancellationException.class);
    assertThat(new ModelLibrary(List.of(models())).list()).isEmpty();
  }

  @Test
  void namesAreFolderSafe() {
    assertThat(CheckpointImport.slug("../../etc/passwd")).isEqualTo("etc-passwd");
    assertThat(CheckpointImport.slug("   ")).isEqualTo("checkpoint");
    assertThat(CheckpointImport.slug("ÄÖ Ü.v2")).isEqualTo("v2");
  }
}

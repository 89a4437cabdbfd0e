package dev.atelier.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.diffusion.tiny.TestModels;
import dev.atelier.diffusion.tiny.TinyWeights;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model whose files were altered is refused before anything loads, naming the file. */
class ModelIntegrityTest {

  @TempDir Path dir;
  Path model;
  Path weights;

  @BeforeEach
  void build() {
    model = TestModels.smallModel(dir, 1);
    weights = model.resolve(TinyWeights.FILE_NAME);
  }

  private ModelLibrary.Installed installed() {
    return new ModelLibrary(List.of(model.getParent())).find("test-tiny@1");
  }

  @Test
  void intactModelVerifiesAndLoads() {
    ModelManifest manifest = ModelManifest.read(model);
    manifest.verify(model);
    assertThat(manifest.weightsSha256()).hasSize(64);
    assertThat(manifest.training().get("trainingSetRoot").asText()).hasSize(64);
    ModelLibrary.load(installed()).close();
  }

  @Test
  void oneFlippedByteIsReportedAsCorrupt() throws Exception {
    try (RandomAccessFile f = new RandomAccessFile(weights.toFile(), "rw")) {
      f.seek(f.length() / 2);
      int b = f.read();
      f.seek(f.length() / 2);
      f.write(b ^ 0x01);
    }
    assertThatThrownBy(() -> ModelLibrary.load(installed()))
        .isInstanceOf(ModelIntegrityException.class)
        .hasMessageContaining(TinyWeights.FILE_NAME)
        .hasMessageContaining("is corrupt");
  }

  @Test
  void truncatedAndMissingFilesAreReported() throws Exception {
    byte[] all = Files.readAllBytes(weights);
    Files.write(weights, java.util.Arrays.copyOf(all, all.length / 3));
    assertThatThrownBy(() -> ModelLibrary.load(installed()))
        .isInstanceOf(ModelIntegrityException.class)
        .hasMessageContaining("truncated");
    Files.delete(weights);
    assertThatThrownBy(() -> ModelLibrary.load(installed()))
        .isInstanceOf(ModelIntegrityException.class)
        .hasMessageContaining("is missing");
  }

  @Test
  void unreadableManifestIsListedAsBrokenAndUnknownModelsNamed() throws Exception {
    Files.writeString(model.resolve(ModelManifest.FILE_NAME), "{ not json");
    ModelLibrary library = new ModelLibrary(List.of(model.getParent()));
    assertThat(library.list()).isEmpty();
    assertThat(library.broken())
        .singleElement()
        .satisfies(b -> assertThat(b.dir()).isEqualTo(model));
    assertThatThrownBy(() -> library.find("nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("No model \"nope\"");
  }
}

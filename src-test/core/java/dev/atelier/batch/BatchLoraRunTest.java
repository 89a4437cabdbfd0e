package dev.atelier.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.catalog.BatchRepository;
import dev.atelier.catalog.Catalog;
import dev.atelier.catalog.GenerationInput;
import dev.atelier.diffusion.ModelLibrary;
import dev.atelier.diffusion.RgbImage;
import dev.atelier.diffusion.sd.CheckpointImport;
import dev.atelier.diffusion.sd.RunnableCheckpoints;
import dev.atelier.generate.GenerationRequest;
import dev.atelier.generate.GenerationSession;
import dev.atelier.generate.Pipeline;
import dev.atelier.hashing.Hashes;
import dev.atelier.task.CancellationToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch item with a LoRA, on a small runnable SD checkpoint and the reference LoRA made for it:
 * it makes the picture {@code generate} makes with that LoRA (merged through the same path,
 * recorded by hash and weight), the item after it without one comes out as if none had been merged,
 * and a run whose LoRA file changed is not resumed until the file is back.
 */
class BatchLoraRunTest {

  private static final Path LORA =
      Path.of(System.getProperty("atelier.fixtures"), "lora", "lora.safetensors");
  private static final Path OTHER_LORA =
      Path.of(System.getProperty("atelier.fixtures"), "lora", "delta.safetensors");
  private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");

  @TempDir Path dir;
  private Catalog catalog;
  private GenerationSession session;
  private ModelLibrary.Installed installed;
  private BatchService service;
  private Path lora;
  private Path file;

  @BeforeEach
  void open() throws IOException {
    Path checkpoint = RunnableCheckpoints.write(dir.resolve("Downloads/tiny.safetensors"), 7);
    Path models = dir.resolve("models");
    installed =
        CheckpointImport.run(checkpoint, models, "tiny", null, null, CancellationToken.NONE)
            .model();
    catalog = Catalog.open(dir.resolve("catalog.db"));
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    session = new GenerationSession(new ModelLibrary(List.of(models)), catalog, clock);
    service = new BatchService(session, catalog, clock);
    Path job = Files.createDirectories(dir.resolve("job/loras"));
    lora = Files.copy(LORA, job.resolve("ink.safetensors"));
    file =
        Files.writeString(
            dir.resolve("job/batch.jsonl"),
            "{\"prompt\":\"a red fox\",\"seed\":5,\"steps\":2,\"size\":32,\"sampler\":\"ddim\"}\n"
                + "{\"prompt\":\"a red fox\",\"seed\":5,\"steps\":2,\"size\":32,\"sampler\":\"ddim\","
                + "\"loras\":[{\"file\":\"loras/ink.safetensors\",\"weight\":0.8}]}\n"
                + "{\"prompt\":\"a red fox\",\"seed\":5,\"steps\":2,\"size\":32,\"sampler\":\"ddim\"}"
                + "\n");
  }

  @AfterEach
  void close() {
    session.close();
    catalog.close();
  }

  private RgbImage picture(long batchId, int index) throws IOException {
    BatchRepository.Item item = catalog.batches().items(batchId).get(index);
    String path = catalog.assets().ofGeneration(item.generationId()).getFirst().filePath();
    return RgbImage.of(ImageIO.read(Path.of(path).toFile()));
  }

  /** The picture {@code generate} makes for these settings, with or without the LoRA. */
  private RgbImage generated(boolean withLora) {
    GenerationRequest request =
        new GenerationRequest(
                "a red fox",
                "",
                5,
                dev.atelier.diffusion.sampling.SamplerKind.DDIM,
                2,
                session.load(installed).defaults().guidance(),
                32,
                32,
                1,
                0)
            .withLoras(withLora ? List.of(new GenerationRequest.LoraChoice(lora, 0.8)) : List.of());
    return session
        .generate(installed, request, dir.resolve("direct"), Pipeline.Listener.NONE, () -> false)
        .result()
        .images()
        .getFirst();
  }

  @Test
  @Timeout(180)
  void aLoraItemMakesWhatGenerateMakesAndAChangedLoraStopsTheResume() throws Exception {
    BatchFile batch = BatchFile.read(file);
    List<BatchItem> items = BatchService.resolve(batch, session.load(installed), 1);
    AtomicInteger done = new AtomicInteger();
    BatchService.Listener counting =
        new BatchService.Listener() {
          @Override
          public void onItemDone(
              int index, int total, dev.atelier.generate.GenerationService.Outcome outcome) {
            done.incrementAndGet();
          }
        };
    assertThatThrownBy(
            () ->
                service.run(
                    batch, items, installed, dir.resolve("out"), counting, () -> done.get() >= 1))
        .isInstanceOf(CancellationException.class);
    long id = catalog.batches().unfinished().getFirst().id();

    Files.copy(OTHER_LORA, lora, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThatThrownBy(() -> service.resume(id, installed, BatchService.Listener.NONE, () -> false))
        .isInstanceOf(BatchItem.ChangedInputException.class)
        .hasMessageContaining("item 2 (line 2): the LoRA " + lora + " has changed");
    assertThat(catalog.batches().run(id).orElseThrow().done()).isEqualTo(1);

    Files.copy(LORA, lora, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    BatchService.Summary summary =
        service.resume(id, installed, BatchService.Listener.NONE, () -> false);
    assertThat(summary.generated()).isEqualTo(2);
    assertThat(summary.failed()).isZero();

    long withLora = catalog.batches().items(id).get(1).generationId();
    assertThat(catalog.generations().inputs(withLora))
        .containsExactly(
            new GenerationInput(
                GenerationInput.Role.LORA, Hashes.sha256Hex(Files.readAllBytes(LORA)), 0.8));
    assertThat(catalog.generations().inputs(catalog.batches().items(id).get(2).generationId()))
        .isEmpty();

    RgbImage plain = picture(id, 0);
    assertThat(picture(id, 1)).as("the LoRA changes the picture").isNotEqualTo(plain);
    assertThat(picture(id, 2)).as("and comes off for the next item").isEqualTo(plain);
    assertThat(picture(id, 1)).as("what generate makes with it").isEqualTo(generated(true));
    assertThat(plain).isEqualTo(generated(false));
  }
}

package dev.atelier.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.catalog.BatchRepository;
import dev.atelier.catalog.Catalog;
import dev.atelier.catalog.GenerationInput;
import dev.atelier.catalog.GenerationInput.Role;
import dev.atelier.diffusion.GrayImage;
import dev.atelier.diffusion.ModelLibrary;
import dev.atelier.diffusion.RgbImage;
import dev.atelier.diffusion.tiny.TestModels;
import dev.atelier.generate.GenerationRequest;
import dev.atelier.generate.GenerationService;
import dev.atelier.generate.GenerationSession;
import dev.atelier.generate.InpaintMasks;
import dev.atelier.hashing.Hashes;
import dev.atelier.testing.InpaintChecks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch with start pictures and masks, run on the built-in model: each item's inputs are recorded
 * as {@code generate} records them, the mask is respected, a run stopped part way and resumed from
 * its records (the batch file gone) makes exactly the pictures an uninterrupted run makes, and a
 * resume is refused, with nothing generated, while a start picture is changed or a mask is gone,
 * then goes on once they are back.
 */
class BatchCreativeRunTest {

  private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");

  @TempDir Path dir;
  private Catalog catalog;
  private GenerationSession session;
  private ModelLibrary.Installed installed;
  private BatchService service;
  private Path start;
  private Path mask;
  private Path file;

  @BeforeEach
  void open() throws IOException {
    Path model = TestModels.smallModel(dir, 1);
    ModelLibrary library = new ModelLibrary(List.of(model.getParent()));
    installed = library.find("test-tiny");
    catalog = Catalog.open(dir.resolve("catalog.db"));
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    session = new GenerationSession(library, catalog, clock);
    service = new BatchService(session, catalog, clock);
    Path folder = Files.createDirectories(dir.resolve("job"));
    start = Files.write(folder.resolve("start.png"), InpaintChecks.picture(32, 32).toPng());
    mask =
        Files.write(
            folder.resolve("mask.png"), InpaintChecks.rectangle(32, 32, 6, 4, 26, 24).toPng());
    file =
        Files.writeString(
            folder.resolve("batch.csv"),
            "prompt,seed,steps,size,sampler,init_image,strength,mask,mask_blur,invert_mask\n"
                + "sunset,1,4,32,ddim,,,,,\n"
                + "waves,2,4,32,ddim,start.png,0.8,mask.png,2,\n"
                + "mountains,3,4,32,ddim,start.png,0.5,mask.png,,true\n"
                + "starfield,4,4,32,ddim,start.png,0.6,,,\n");
  }

  @AfterEach
  void close() {
    session.close();
    catalog.close();
  }

  private List<BatchItem> resolve(BatchFile batch) {
    return BatchService.resolve(batch, session.load(installed), 1);
  }

  /** Runs the batch into {@code out}, stopped once {@code stopAfter} items are done (-1: never). */
  private long run(Path out, int stopAfter, List<GenerationRequest> started) throws IOException {
    BatchFile batch = BatchFile.read(file);
    AtomicInteger done = new AtomicInteger();
    long[] id = {0};
    BatchService.Listener listener =
        new BatchService.Listener() {
          @Override
          public void onRunOpened(BatchRepository.Run run) {
            id[0] = run.id();
          }

          @Override
          public void onItemStart(int index, int total, GenerationRequest request) {
            started.add(request);
          }

          @Override
          public void onItemDone(int index, int total, GenerationService.Outcome outcome) {
            done.incrementAndGet();
          }
        };
    try {
      BatchService.Summary s =
          service.run(
              batch,
              resolve(batch),
              installed,
              out,
              listener,
              () -> stopAfter >= 0 && done.get() >= stopAfter);
      assertThat(s.failed()).isZero();
    } catch (CancellationException e) {
      assertThat(stopAfter).isNotNegative();
    }
    return id[0];
  }

  /** Each item's picture, by item index. */
  private Map<Integer, RgbImage> pictures(long batchId) throws IOException {
    Map<Integer, RgbImage> out = new TreeMap<>();
    for (BatchRepository.Item item : catalog.batches().items(batchId)) {
      assertThat(item.status()).isEqualTo(BatchRepository.ItemStatus.DONE);
      String path = catalog.assets().ofGeneration(item.generationId()).getFirst().filePath();
      out.put(item.index(), RgbImage.of(ImageIO.read(Path.of(path).toFile())));
    }
    return out;
  }

  private List<GenerationInput> inputs(long batchId, int index) {
    return catalog.generations().inputs(catalog.batches().items(batchId).get(index).generationId());
  }

  private static String sha(Path f) throws IOException {
    return Hashes.sha256Hex(Files.readAllBytes(f));
  }

  @Test
  @Timeout(180)
  void inputsAreRecordedAndAResumedRunMakesWhatAnUninterruptedOneMakes() throws Exception {
    List<GenerationRequest> whole = new ArrayList<>();
    long reference = run(dir.resolve("whole"), -1, whole);
    Map<Integer, RgbImage> expected = pictures(reference);

    assertThat(inputs(reference, 0)).isEmpty();
    assertThat(inputs(reference, 1))
        .containsExactly(
            new GenerationInput(Role.START_IMAGE, sha(start), 0.8),
            new GenerationInput(Role.MASK, sha(mask), 2));
    int defaultBlur = GenerationRequest.InpaintMask.defaultBlur(32, 32);
    assertThat(inputs(reference, 2))
        .as("an inverted mask is recorded as the mask painted with, as generate records it")
        .containsExactly(
            new GenerationInput(Role.START_IMAGE, sha(start), 0.5),
            new GenerationInput(
                Role.MASK, InpaintMasks.read(mask, defaultBlur).inverted().sha256(), defaultBlur));
    assertThat(inputs(reference, 3))
        .containsExactly(new GenerationInput(Role.START_IMAGE, sha(start), 0.6));

    GenerationRequest inpainted = whole.get(1);
    assertThat(inpainted.start().sha256()).isEqualTo(sha(start));
    assertThat(inpainted.mask().blur()).isEqualTo(2);
    InpaintChecks.Kept kept = InpaintChecks.assertRespected(List.of(expected.get(1)), inpainted);
    assertThat(kept.keptPixels()).isGreaterThan(100);
    InpaintChecks.assertRespected(List.of(expected.get(2)), whole.get(2));
    assertThat(expected.get(3))
        .as("image to image changes the picture")
        .isNotEqualTo(InpaintChecks.picture(32, 32));

    // Stopped after two items; the batch file moves away; resumed from the run's records.
    List<GenerationRequest> first = new ArrayList<>();
    long id = run(dir.resolve("stopped"), 2, first);
    assertThat(catalog.batches().run(id).orElseThrow().done()).isEqualTo(2);
    Files.move(file, dir.resolve("moved.csv"));
    List<Integer> made = new ArrayList<>();
    BatchService.Summary resumed =
        service.resume(
            id,
            installed,
            new BatchService.Listener() {
              @Override
              public void onItemDone(int index, int total, GenerationService.Outcome outcome) {
                made.add(index);
              }
            },
            () -> false);
    assertThat(made).containsExactly(2, 3);
    assertThat(resumed.failed()).isZero();
    assertThat(pictures(id)).as("the same pictures as the run not stopped").isEqualTo(expected);
    assertThat(inputs(id, 2)).isEqualTo(inputs(reference, 2));
  }

  @Test
  @Timeout(180)
  void aResumeIsRefusedWhileAStartPictureIsChangedOrAMaskGoneAndGoesOnOnceTheyAreBack()
      throws Exception {
    long id = run(dir.resolve("out"), 1, new ArrayList<>());
    byte[] startBytes = Files.readAllBytes(start);
    byte[] maskBytes = Files.readAllBytes(mask);
    Files.write(start, InpaintChecks.picture(64, 64).toPng());
    Files.delete(mask);
    int generations = catalog.generations().recent(100).size();

    assertThatThrownBy(() -> service.resume(id, installed, BatchService.Listener.NONE, () -> false))
        .isInstanceOf(BatchItem.ChangedInputException.class)
        .hasMessageContaining("Batch run " + id + " cannot go on")
        .hasMessageContaining("nothing was generated")
        .hasMessageContaining(
            "item 2 (line 3): the start picture "
                + start
                + " has changed since the batch was"
                + " checked (its SHA-256 was "
                + Hashes.sha256Hex(startBytes).substring(0, 12))
        .hasMessageContaining("item 2 (line 3): the mask " + mask + " is gone")
        .hasMessageContaining("item 4 (line 5): the start picture " + start + " has changed");

    assertThat(catalog.generations().recent(100)).hasSize(generations);
    assertThat(catalog.batches().items(id))
        .extracting(BatchRepository.Item::status)
        .containsExactly(
            BatchRepository.ItemStatus.DONE,
            BatchRepository.ItemStatus.PENDING,
            BatchRepository.ItemStatus.PENDING,
            BatchRepository.ItemStatus.PENDING);
    assertThat(catalog.batches().unfinished()).extracting(BatchRepository.Run::id).contains(id);

    // The file is checked before anything runs: its mask is gone.
    assertThatThrownBy(() -> run(dir.resolve("out"), -1, new ArrayList<>()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 3, column mask: No such picture: " + mask);
    // With the mask back, the same file into the same folder is that run again, whose start
    // picture is not the one it was checked with: refused as a resume is.
    Files.write(mask, maskBytes);
    assertThatThrownBy(() -> run(dir.resolve("out"), -1, new ArrayList<>()))
        .isInstanceOf(BatchItem.ChangedInputException.class)
        .hasMessageContaining("item 3 (line 4): the start picture " + start + " has changed")
        .hasMessageNotContaining("the mask");
    assertThat(catalog.generations().recent(100)).hasSize(generations);

    Files.write(start, startBytes);
    BatchService.Summary summary =
        service.resume(id, installed, BatchService.Listener.NONE, () -> false);
    assertThat(summary.generated()).isEqualTo(3);
    assertThat(summary.skipped()).isEqualTo(1);
    assertThat(summary.failed()).isZero();
  }

  @Test
  void aMaskOfTheWrongProportionsForTheModelsRunIsNotRun() throws Exception {
    GrayImage wide = InpaintChecks.rectangle(64, 32, 0, 0, 8, 8);
    Files.write(mask, wide.toPng());
    assertThatThrownBy(() -> resolve(BatchFile.read(file)))
        .hasMessageContaining("line 3, column mask: The mask is 64×32")
        .hasMessageContaining("line 4, column mask: The mask is 64×32");
    assertThat(catalog.batches().unfinished()).isEmpty();
  }
}

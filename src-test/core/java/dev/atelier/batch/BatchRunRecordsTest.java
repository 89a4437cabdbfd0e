package dev.atelier.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.catalog.BatchRepository;
import dev.atelier.catalog.Catalog;
import dev.atelier.catalog.Generation;
import dev.atelier.diffusion.ModelLibrary;
import dev.atelier.diffusion.tiny.TestModels;
import dev.atelier.generate.GenerationService;
import dev.atelier.generate.GenerationSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch run's records: a run stopped part way is listed as unfinished with how far it got, is
 * resumed from its own records (the file gone) into its own folder, and ends with exactly one
 * finished item per line; a run that tried every item, or that the artist let go, is closed.
 */
class BatchRunRecordsTest {

  private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");

  @TempDir Path dir;
  private Catalog catalog;
  private GenerationSession session;
  private ModelLibrary.Installed installed;
  private BatchService service;

  @BeforeEach
  void open() {
    Path model = TestModels.smallModel(dir, 1);
    ModelLibrary library = new ModelLibrary(List.of(model.getParent()));
    installed = library.find("test-tiny");
    catalog = Catalog.open(dir.resolve("catalog.db"));
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    session = new GenerationSession(library, catalog, clock);
    service = new BatchService(session, catalog, clock);
  }

  @AfterEach
  void close() {
    session.close();
    catalog.close();
  }

  private Path prompts(String... lines) throws Exception {
    Path file = dir.resolve("prompts.csv");
    Files.writeString(file, "prompt,steps,size\n" + String.join("\n", lines) + "\n");
    return file;
  }

  private List<BatchItem> resolve(BatchFile file) {
    return BatchService.resolve(file, session.load(installed), 1);
  }

  @Test
  @Timeout(120)
  void aRunStoppedAfterTwoItemsIsUnfinishedAndResumesToExactlyOneResultPerLine() throws Exception {
    Path file = prompts("sunset,2,32", "waves,2,32", "mountains,2,32", "starfield,2,32");
    BatchFile batch = BatchFile.read(file);
    Path out = dir.resolve("out");
    AtomicInteger done = new AtomicInteger();
    List<BatchRepository.Run> opened = new ArrayList<>();
    BatchService.Listener counting =
        new BatchService.Listener() {
          @Override
          public void onRunOpened(BatchRepository.Run run) {
            opened.add(run);
          }

          @Override
          public void onItemDone(int index, int total, GenerationService.Outcome outcome) {
            done.incrementAndGet();
          }
        };

    assertThatThrownBy(
            () ->
                service.run(batch, resolve(batch), installed, out, counting, () -> done.get() >= 2))
        .isInstanceOf(CancellationException.class);

    assertThat(opened).singleElement().satisfies(r -> assertThat(r.done()).isZero());
    long id = opened.getFirst().id();
    assertThat(catalog.batches().unfinished())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.id()).isEqualTo(id);
              assertThat(r.total()).isEqualTo(4);
              assertThat(r.done()).isEqualTo(2);
              assertThat(r.left()).isEqualTo(2);
              assertThat(r.closedAt()).isNull();
              assertThat(r.sourcePath()).isEqualTo(file.toAbsolutePath().toString());
              assertThat(r.outDir()).isEqualTo(out.toAbsolutePath().toString());
              assertThat(r.modelId()).isEqualTo(installed.id());
            });

    // The file is gone (moved, edited): the run goes on from what it recorded.
    Files.delete(file);
    List<Integer> skipped = new ArrayList<>();
    List<Integer> made = new ArrayList<>();
    BatchService.Summary summary =
        service.resume(
            id,
            installed,
            new BatchService.Listener() {
              @Override
              public void onRunOpened(BatchRepository.Run run) {
                opened.add(run);
              }

              @Override
              public void onItemSkipped(int index, int total) {
                skipped.add(index);
              }

              @Override
              public void onItemDone(int index, int total, GenerationService.Outcome outcome) {
                made.add(index);
                assertThat(Path.of(outcome.variants().getFirst().filePath())).hasParent(out);
              }
            },
            () -> false);

    assertThat(opened.getLast().done()).isEqualTo(2);
    assertThat(skipped).containsExactly(0, 1);
    assertThat(made).containsExactly(2, 3);
    assertThat(summary).isEqualTo(new BatchService.Summary(id, 4, 2, 2, 0));
    List<BatchRepository.Item> items = catalog.batches().items(id);
    assertThat(items)
        .extracting(BatchRepository.Item::status)
        .containsOnly(BatchRepository.ItemStatus.DONE);
    assertThat(items).extracting(BatchRepository.Item::generationId).doesNotHaveDuplicates();
    assertThat(catalog.generations().recent(100))
        .filteredOn(g -> g.status() == Generation.Status.DONE)
        .extracting(Generation::prompt)
        .containsExactlyInAnyOrder("sunset", "waves", "mountains", "starfield");
    try (var files = Files.list(out)) {
      assertThat(files.filter(f -> f.toString().endsWith(".png"))).hasSize(4);
    }
    assertThat(catalog.batches().unfinished()).isEmpty();
    assertThat(catalog.batches().run(id).orElseThrow().closedAt()).isEqualTo(NOW);
  }

  @Test
  @Timeout(120)
  void aRunThatTriedEveryItemIsClosedEvenWithFailures() throws Exception {
    // The built-in kind makes square pictures only: that line fails when it runs.
    Path file = prompts("sunset,1,32", "waves,1,32x40");
    BatchFile batch = BatchFile.read(file);

    BatchService.Summary summary =
        service.run(
            batch,
            resolve(batch),
            installed,
            dir.resolve("out"),
            BatchService.Listener.NONE,
            () -> false);

    assertThat(summary.generated()).isEqualTo(1);
    assertThat(summary.failed()).isEqualTo(1);
    BatchRepository.Run run = catalog.batches().run(summary.batchId()).orElseThrow();
    assertThat(run.failed()).isEqualTo(1);
    assertThat(run.left()).isEqualTo(1);
    assertThat(run.closedAt()).isEqualTo(NOW);
    assertThat(catalog.batches().unfinished()).isEmpty();
  }

  @Test
  @Timeout(120)
  void aRunLetGoIsNoLongerUnfinishedUntilItsFileRunsAgain() throws Exception {
    Path file = prompts("sunset,1,32", "waves,1,32");
    BatchFile batch = BatchFile.read(file);
    List<BatchItem> requests = resolve(batch);
    AtomicInteger done = new AtomicInteger();
    BatchService.Listener counting =
        new BatchService.Listener() {
          @Override
          public void onItemDone(int index, int total, GenerationService.Outcome outcome) {
            done.incrementAndGet();
          }
        };
    Path out = dir.resolve("out");
    assertThatThrownBy(
            () -> service.run(batch, requests, installed, out, counting, () -> done.get() >= 1))
        .isInstanceOf(CancellationException.class);
    long id = catalog.batches().unfinished().getFirst().id();

    catalog.batches().close(id, NOW);

    assertThat(catalog.batches().unfinished()).isEmpty();
    assertThat(catalog.batches().run(id).orElseThrow().closedAt()).isEqualTo(NOW);

    // The same file into the same folder opens the same run again and finishes it.
    BatchService.Summary again =
        service.run(batch, requests, installed, out, BatchService.Listener.NONE, () -> false);
    assertThat(again).isEqualTo(new BatchService.Summary(id, 2, 1, 1, 0));
  }

  @Test
  void resumingNeedsTheRunAndItsModel() throws Exception {
    assertThatThrownBy(() -> service.resume(99, installed, BatchService.Listener.NONE, () -> false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("There is no batch run 99");
    long id =
        catalog
            .batches()
            .openRun("ab".repeat(32), "/p.csv", "/out", "other-model@1", List.of("{}"), NOW);
    assertThatThrownBy(() -> service.resume(id, installed, BatchService.Listener.NONE, () -> false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Batch run " + id + " was made with the model other-model@1, not " + installed.id());
    assertThatThrownBy(() -> catalog.batches().close(99, NOW)).hasMessage("No batch run 99");
  }
}

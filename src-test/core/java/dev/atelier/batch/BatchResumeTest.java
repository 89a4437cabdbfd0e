package dev.atelier.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.catalog.Asset;
import dev.atelier.catalog.BatchRepository;
import dev.atelier.catalog.Catalog;
import dev.atelier.catalog.Generation;
import dev.atelier.diffusion.ModelLibrary;
import dev.atelier.diffusion.tiny.TestModels;
import dev.atelier.generate.GenerationService;
import dev.atelier.generate.GenerationSession;
import dev.atelier.task.CancellationToken;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A batch killed mid-item and run again skips what finished and loses nothing. */
class BatchResumeTest {

  @TempDir Path dir;

  @Test
  @Timeout(300)
  void killedBatchResumesWithoutRedoingOrLosingItems() throws Exception {
    Path model = TestModels.smallModel(dir, 1);
    Path catalogFile = dir.resolve("catalog.db");
    Path out = dir.resolve("out");
    Path prompts = dir.resolve("prompts.csv");
    Files.writeString(
        prompts,
        // Item 2 is long, so the kill lands inside it even on a fast machine.
        "prompt,steps,size\nsunset,40,32\nwaves,40,32\nmountains,500,32\nstarfield,40,32\n");

    String java = ProcessHandle.current().info().command().orElse("java");
    Process child =
        new ProcessBuilder(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-Dai.djl.offline=true",
                "-cp",
                System.getProperty("java.class.path"),
                BatchChild.class.getName(),
                catalogFile.toString(),
                model.toString(),
                prompts.toString(),
                out.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        lines.add(line);
        if (line.equals("start 2")) {
          Thread.sleep(300); // well inside item 2's sampling
          child.destroyForcibly();
          break;
        }
      }
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(lines).as("child output").containsSubsequence("done 0", "done 1", "start 2");
    assertThat(lines).doesNotContain("done 2");

    List<Integer> skipped = new ArrayList<>();
    List<Integer> generated = new ArrayList<>();
    ModelLibrary.Installed installed =
        new ModelLibrary(List.of(model.getParent())).find("test-tiny");
    try (Catalog catalog = Catalog.open(catalogFile);
        GenerationSession session =
            new GenerationSession(
                new ModelLibrary(List.of(model.getParent())), catalog, Clock.systemUTC())) {
      assertThat(catalog.generations().markInterrupted(Instant.now())).isEqualTo(1);
      BatchFile file = BatchFile.read(prompts);
      List<BatchItem> requests = BatchService.resolve(file, session.load(installed), 1);
      BatchService.Summary summary =
          new BatchService(session, catalog, Clock.systemUTC())
              .run(
                  file,
                  requests,
                  installed,
                  out,
                  new BatchService.Listener() {
                    @Override
                    public void onItemSkipped(int index, int total) {
                      skipped.add(index);
                    }

                    @Override
                    public void onItemDone(int index, int total, GenerationService.Outcome o) {
                      generated.add(index);
                    }
                  },
                  CancellationToken.NONE);

      assertThat(skipped).containsExactly(0, 1);
      assertThat(generated).containsExactly(2, 3);
      assertThat(summary.failed()).isZero();
      List<BatchRepository.Item> items = catalog.batches().items(summary.batchId());
      assertThat(items)
          .extracting(BatchRepository.Item::status)
          .containsOnly(BatchRepository.ItemStatus.DONE);
      assertThat(items).extracting(BatchRepository.Item::generationId).doesNotHaveDuplicates();
      for (BatchRepository.Item item : items) {
        Generation g = catalog.generations().find(item.generationId()).orElseThrow();
        assertThat(g.status()).isEqualTo(Generation.Status.DONE);
        assertThat(g.seed()).isEqualTo(requests.get(item.index()).settings().seed());
        List<Asset> variants = catalog.assets().ofGeneration(g.id());
        assertThat(variants).hasSize(1);
        assertThat(Path.of(variants.get(0).filePath())).exists();
      }
      List<Generation> all = catalog.generations().recent(100);
      assertThat(all).filteredOn(g -> g.status() == Generation.Status.DONE).hasSize(4);
      assertThat(all)
          .as("the killed item's unfinished generation reads as interrupted, not failed")
          .filteredOn(g -> g.status() == Generation.Status.INTERRUPTED)
          .hasSize(1);
      assertThat(all).filteredOn(g -> g.status() == Generation.Status.FAILED).isEmpty();

      // A third run finds nothing left to do.
      BatchService.Summary again =
          new BatchService(session, catalog, Clock.systemUTC())
              .run(
                  file,
                  requests,
                  installed,
                  out,
                  BatchService.Listener.NONE,
                  CancellationToken.NONE);
      assertThat(again.skipped()).isEqualTo(4);
      assertThat(again.generated()).isZero();
    }
  }
}

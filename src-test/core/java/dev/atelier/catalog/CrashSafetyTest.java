package dev.atelier.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Kills a writing process mid-transaction and checks the catalog it leaves behind. */
class CrashSafetyTest {

  private static final int COMMITS_BEFORE_KILL = 25;

  @Test
  @Timeout(120)
  void killedWriterLeavesASoundCatalogWithNoPartialGeneration(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("catalog.db");
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                CrashWriter.class.getName(),
                file.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();

    int committed = 0;
    long inFlight = -1;
    List<String> lines = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        lines.add(line);
        if (line.equals("committed")) {
          committed++;
        } else if (line.startsWith("mid ") && committed >= COMMITS_BEFORE_KILL) {
          inFlight = Long.parseLong(line.substring(4));
          child.destroyForcibly(); // SIGKILL: no shutdown hooks, no rollback by the writer
          break;
        }
      }
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(inFlight).as("child output: %s", lines).isPositive();

    try (Catalog catalog = Catalog.open(file)) {
      assertThat(catalog.database().integrityCheck()).isEqualTo("ok");
      List<Generation> all = catalog.generations().recent(Integer.MAX_VALUE);
      assertThat(all).hasSize(committed);
      assertThat(catalog.generations().find(inFlight)).as("the killed transaction").isEmpty();
      for (Generation g : all) {
        assertThat(g.status()).isEqualTo(Generation.Status.DONE);
        assertThat(catalog.assets().ofGeneration(g.id())).hasSize(CrashWriter.VARIANTS);
      }
      long orphanVariants =
          catalog
              .database()
              .read(
                  c -> {
                    try (var s = c.createStatement();
                        var rs =
                            s.executeQuery(
                                "SELECT count(*) FROM assets WHERE generation_id NOT IN"
                                    + " (SELECT id FROM generations)")) {
                      rs.next();
                      return rs.getLong(1);
                    }
                  });
      assertThat(orphanVariants).isZero();
    }
  }
}

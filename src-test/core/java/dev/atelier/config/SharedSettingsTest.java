package dev.atelier.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@link Settings} on one file, as the studio and the command line have them: neither loses the
 * other's changes, and each reads the other's.
 */
class SharedSettingsTest {

  @TempDir Path dir;

  @Test
  void eachInstanceKeepsTheOthersKeysAndReadsItsChanges() throws Exception {
    Path file = dir.resolve("settings.properties");
    Settings studio = Settings.load(file);
    Settings cli = Settings.load(file);
    assertThat(studio.theme()).isEqualTo("light");

    cli.put("ui.last-screen", "catalog");
    studio.setTheme("dark");
    cli.setDevnetAutostart(true);
    studio.remove("ui.last-screen");

    assertThat(cli.theme()).as("the studio's change, read by the other").isEqualTo("dark");
    assertThat(cli.get("ui.last-screen")).isEmpty();
    assertThat(studio.devnetAutostart()).isTrue();
    String onDisk = Files.readString(file);
    assertThat(onDisk).contains("ui.theme=dark", "chain.devnet.autostart=true");
    assertThat(onDisk).doesNotContain("ui.last-screen");
  }

  @Test
  void aChangeIsMadeToTheValueOnDiskNotToAStaleCopy() {
    Path file = dir.resolve("settings.properties");
    Settings first = Settings.load(file);
    Settings second = Settings.load(file);
    first.put("list", "a");
    assertThat(first.get("list")).contains("a");
    second.update("list", v -> Optional.of(v.orElse("") + ",b"));
    first.update("list", v -> Optional.of(v.orElse("") + ",c"));
    assertThat(Settings.load(file).get("list")).contains("a,b,c");
    first.update("list", v -> Optional.empty());
    assertThat(second.get("list")).isEmpty();
  }

  @Test
  void concurrentChangesFromTwoInstancesAreAllKept() throws Exception {
    Path file = dir.resolve("settings.properties");
    List<Settings> instances = List.of(Settings.load(file), Settings.load(file));
    int perThread = 40;
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        Settings s = instances.get(t % 2);
        String own = "thread." + t;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    s.update("counter", v -> Optional.of(Integer.toString(count(v) + 1)));
                    s.put(own, Integer.toString(i));
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    Settings reread = Settings.load(file);
    assertThat(reread.get("counter")).contains(Integer.toString(4 * perThread));
    for (int t = 0; t < 4; t++) {
      assertThat(reread.get("thread." + t)).contains(Integer.toString(perThread - 1));
    }
  }

  private static int count(Optional<String> value) {
    return value.map(Integer::parseInt).orElse(0);
  }
}

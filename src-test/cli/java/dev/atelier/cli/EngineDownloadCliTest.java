package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.atelier.config.AppDirs;
import dev.atelier.config.Settings;
import dev.atelier.engine.EngineSetup;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code atelier engine download-cuda} against a local server laid out like DJL's published folder.
 * Its "libtorch.so" is not a library, so the real check in a separate process refuses it: what is
 * tested is the consent, the download and that nothing is saved unless the engine loads.
 */
class EngineDownloadCliTest {

  private static final String LIBTORCH = "cu128/linux-x86_64/native/lib/libtorch.so.gz";

  @TempDir Path home;
  @TempDir Path cache;
  private HttpServer server;
  private final List<String> asked = new CopyOnWriteArrayList<>();

  @BeforeEach
  void serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/pytorch/2.7.1/", this::answer);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void answer(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath().substring("/pytorch/2.7.1/".length());
    asked.add(exchange.getRequestMethod() + " " + path);
    byte[] body =
        switch (path) {
          case "files.txt" ->
              (LIBTORCH + "\ncpu/linux-x86_64/native/lib/libtorch.so.gz\n")
                  .getBytes(StandardCharsets.UTF_8);
          case LIBTORCH -> gzip("not a library".getBytes(StandardCharsets.UTF_8));
          default -> null;
        };
    if (body == null || !exchange.getRequestMethod().equals("GET")) {
      exchange.sendResponseHeaders(body == null ? 404 : 405, -1);
      exchange.close();
      return;
    }
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/pytorch/2.7.1/";
  }

  private CliRun download(String answer, String... more) {
    List<String> args = new java.util.ArrayList<>();
    args.addAll(List.of("engine", "download-cuda", "--from", base(), "--into", cache.toString()));
    args.addAll(List.of(more));
    return CliRun.of(home, answer, args.toArray(String[]::new));
  }

  private Settings settings() {
    return Settings.load(AppDirs.under(home).settingsFile());
  }

  @Test
  void sayingNoDownloadsNothing() throws IOException {
    CliRun run = download("n\n");
    assertThat(run.code()).as(run.err()).isEqualTo(ExitCodes.CANCELLED);
    assertThat(run.out()).contains("CUDA libraries: ").contains("Nothing was downloaded");
    assertThat(run.err()).contains("Download them? [y/N]");
    assertThat(asked).doesNotContain("GET " + LIBTORCH);
    try (Stream<Path> left = Files.list(cache)) {
      assertThat(left).isEmpty();
    }
    assertThat(settings().get(EngineSetup.ROUTE)).isEmpty();
  }

  @Test
  void librariesThatDoNotLoadAreKeptButNotSaved() {
    CliRun run = download("", "--yes");
    assertThat(run.code()).as(run.out() + run.err()).isEqualTo(ExitCodes.FAILURE);
    assertThat(asked).contains("GET " + LIBTORCH);
    Path libtorch = cache.resolve("2.7.1-cu128-linux-x86_64/libtorch.so");
    assertThat(libtorch).hasContent("not a library");
    assertThat(run.err())
        .contains("the engine did not load the downloaded libraries; nothing was saved")
        .contains("libtorch.so");
    assertThat(settings().get(EngineSetup.ROUTE)).isEmpty();

    CliRun again = download("", "--yes");
    assertThat(again.out()).contains("already downloaded");
    assertThat(asked.stream().filter(a -> a.equals("GET " + LIBTORCH))).hasSize(1);
  }

  @Test
  void anAddressWithAQueryIsRefusedBeforeAnythingIsAsked() {
    CliRun run =
        CliRun.of(
            home, "", "engine", "download-cuda", "--from", base() + "?token=x", "--into", "x");
    assertThat(run.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("without a query").doesNotContain("token=x");
    assertThat(asked).isEmpty();
  }

  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }
}

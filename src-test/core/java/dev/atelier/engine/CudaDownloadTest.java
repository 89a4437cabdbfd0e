package dev.atelier.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.atelier.task.CancellationToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CudaDownload} against a real HTTP server on this machine that publishes a small index and
 * gzip files in DJL's layout, and misbehaves on request: a missing file, a truncated gzip file, no
 * range requests, no server at all.
 */
class CudaDownloadTest {

  private static final String ROOT = "/pytorch/2.7.1/";
  private static final String LIB = "cu128/linux-x86_64/native/lib/";

  @TempDir Path temp;

  private Path cache;
  private HttpServer server;
  private URI base;
  private final Map<String, byte[]> published = new ConcurrentHashMap<>();
  private final Map<String, Integer> failGet = new ConcurrentHashMap<>();
  private final AtomicBoolean ranges = new AtomicBoolean(true);
  private final AtomicBoolean heads = new AtomicBoolean(true);
  private final AtomicInteger requests = new AtomicInteger();

  /** The unpacked libraries the fake server publishes for cu128. */
  private final Map<String, byte[]> libraries = new TreeMap<>();

  @BeforeEach
  void publish() throws IOException {
    cache = temp.resolve("cache");
    libraries.put("libtorch.so", "the library DJL loads first".getBytes(StandardCharsets.UTF_8));
    libraries.put("libc10_cuda.so", "c10 cuda ".repeat(20_000).getBytes(StandardCharsets.UTF_8));
    byte[] noise = new byte[3 << 20];
    new Random(16).nextBytes(noise);
    libraries.put("libtorch_cuda.so", noise);
    StringBuilder index = new StringBuilder();
    for (var library : libraries.entrySet()) {
      index.append(LIB).append(library.getKey()).append(".gz\n");
      published.put(ROOT + LIB + library.getKey() + ".gz", gzip(library.getValue()));
    }
    index.append("cpu/linux-x86_64/native/lib/libtorch.so.gz\n");
    index.append("cu126/linux-x86_64/native/lib/libtorch.so.gz\n");
    index.append("cu128/win-x86_64/native/lib/torch.dll.gz\n");
    published.put(ROOT + "files.txt", index.toString().getBytes(StandardCharsets.UTF_8));

    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::answer);
    server.start();
    base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + ROOT);
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void downloadPutsEveryUnpackedFileIntoTheTargetFolder() throws IOException {
    CudaDownload download = new CudaDownload(base, cache);

    Path folder = download.download(download.plan(), (done, total) -> {}, CancellationToken.NONE);

    assertThat(folder).isEqualTo(cache.resolve("2.7.1-cu128-linux-x86_64"));
    try (Stream<Path> files = Files.list(folder)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrderElementsOf(libraries.keySet());
    }
    for (var library : libraries.entrySet()) {
      assertThat(folder.resolve(library.getKey())).hasBinaryContent(library.getValue());
    }
    assertThat(download.installed()).contains(folder);
    try (Stream<Path> left = Files.list(cache)) {
      assertThat(left).as("no temporary folder left").containsExactly(folder);
    }
  }

  @Test
  void planTellsTheDownloadAndTheUnpackedSizes() throws IOException {
    CudaDownload.Plan plan = new CudaDownload(base, cache).plan();

    assertThat(plan.files())
        .extracting(CudaDownload.Part::name)
        .containsExactly("libc10_cuda.so", "libtorch.so", "libtorch_cuda.so");
    long download = libraries.keySet().stream().mapToLong(n -> gzipped(n).length).sum();
    long unpacked = libraries.values().stream().mapToLong(b -> b.length).sum();
    assertThat(plan.totalBytes()).isEqualTo(download);
    assertThat(plan.sizesKnown()).isTrue();
    assertThat(plan.spaceNeeded()).as("from each gzip file's trailer").isEqualTo(unpacked);
    assertThat(plan.target()).isEqualTo(cache.resolve("2.7.1-cu128-linux-x86_64"));
    assertThat(plan.summary()).isEqualTo("3 files, about 3.1 MB to download, 3.3 MB on disk");
    assertThat(cache).as("planning writes nothing").doesNotExist();
  }

  @Test
  void planEstimatesTheUnpackedSizeWhenTheServerAnswersNoRanges() throws IOException {
    ranges.set(false);

    CudaDownload.Plan plan = new CudaDownload(base, cache).plan();

    assertThat(plan.files()).allSatisfy(f -> assertThat(f.unpackedSize()).isEqualTo(-1));
    assertThat(plan.spaceNeeded())
        .isEqualTo(plan.totalBytes() * CudaDownload.UNPACK_ESTIMATE)
        .isGreaterThan(libraries.values().stream().mapToLong(b -> b.length).sum());
  }

  @Test
  void aServerWithoutHeadLeavesTheSizesUnknownAndProgressOpenEnded() throws IOException {
    heads.set(false);
    CudaDownload download = new CudaDownload(base, cache);
    CudaDownload.Plan plan = download.plan();
    List<long[]> reports = new ArrayList<>();

    download.download(plan, (done, total) -> reports.add(new long[] {done, total}), () -> false);

    assertThat(plan.sizesKnown()).isFalse();
    assertThat(plan.totalBytes()).isZero();
    assertThat(plan.summary()).isEqualTo("3 files, size not known");
    assertThat(reports.getFirst()).containsExactly(0, -1);
    long sent = libraries.keySet().stream().mapToLong(n -> gzipped(n).length).sum();
    assertThat(reports.getLast())
        .as("the last report closes the total")
        .containsExactly(sent, sent);
    assertThat(download.installed()).isPresent();
  }

  @Test
  void progressClimbsToTheTotalAtASaneRate() throws IOException {
    CudaDownload download = new CudaDownload(base, cache);
    CudaDownload.Plan plan = download.plan();
    List<long[]> reports = new ArrayList<>();

    download.download(plan, (done, total) -> reports.add(new long[] {done, total}), () -> false);

    assertThat(reports.getFirst()).containsExactly(0, plan.totalBytes());
    assertThat(reports.getLast()).containsExactly(plan.totalBytes(), plan.totalBytes());
    for (int i = 1; i < reports.size(); i++) {
      assertThat(reports.get(i)[0]).isGreaterThanOrEqualTo(reports.get(i - 1)[0]);
      assertThat(reports.get(i)[1]).isEqualTo(plan.totalBytes());
    }
    long steps = plan.totalBytes() / TransferMeter.MIN_STEP;
    assertThat(reports.size())
        .as("about one report per step, one per file, the first and the last")
        .isBetween(4, (int) steps + plan.files().size() + 2);
  }

  @Test
  void cancellingMidwayLeavesNoFolderBehind() throws IOException {
    CudaDownload download = new CudaDownload(base, cache);
    CudaDownload.Plan plan = download.plan();
    AtomicBoolean cancelled = new AtomicBoolean();
    List<Long> seen = new ArrayList<>();
    CudaDownload.Progress cancelAfterAMegabyte =
        (done, total) -> {
          seen.add(done);
          if (done > 1 << 20) {
            cancelled.set(true);
          }
        };

    assertThatThrownBy(() -> download.download(plan, cancelAfterAMegabyte, cancelled::get))
        .isInstanceOf(CancellationException.class)
        .hasMessage("The download of the CUDA libraries was cancelled");

    assertThat(seen.getLast()).as("stopped within the big file").isLessThan(plan.totalBytes());
    assertNothingKept(download);
  }

  @Test
  void aMissingFileIsNamedWithTheServersAnswerAndNothingIsKept() throws IOException {
    CudaDownload download = new CudaDownload(base, cache);
    CudaDownload.Plan plan = download.plan();
    failGet.put(ROOT + LIB + "libtorch_cuda.so.gz", 404);

    assertThatThrownBy(() -> download.download(plan, (d, t) -> {}, CancellationToken.NONE))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(
            "Could not download libtorch_cuda.so.gz: the server answered HTTP 404")
        .hasMessageContaining(LIB + "libtorch_cuda.so.gz");
    assertNothingKept(download);
  }

  @Test
  void aTruncatedGzipFileIsReportedAndNothingIsKept() throws IOException {
    byte[] whole = gzipped("libc10_cuda.so");
    published.put(ROOT + LIB + "libc10_cuda.so.gz", Arrays.copyOf(whole, whole.length / 2));
    CudaDownload download = new CudaDownload(base, cache);

    assertThatThrownBy(
            () -> download.download(download.plan(), (d, t) -> {}, CancellationToken.NONE))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("libc10_cuda.so.gz ended early or is not a valid gzip file");
    assertNothingKept(download);
  }

  @Test
  void aLostServerIsReportedAndNothingIsKept() throws IOException {
    CudaDownload download = new CudaDownload(base, cache);
    CudaDownload.Plan plan = download.plan();
    server.stop(0);

    assertThatThrownBy(() -> download.download(plan, (d, t) -> {}, CancellationToken.NONE))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("Could not download libc10_cuda.so.gz: ");
    assertNothingKept(download);
  }

  @Test
  void notEnoughDiskSpaceSaysBothNumbers() {
    CudaDownload download = new CudaDownload(base, cache, folder -> 2_000_000);

    assertThatThrownBy(download::plan)
        .isInstanceOfSatisfying(
            NotEnoughSpaceException.class,
            e -> {
              assertThat(e.needed()).isEqualTo(3_325_755);
              assertThat(e.free()).isEqualTo(2_000_000);
              assertThat(e.folder()).isEqualTo(cache);
            })
        .hasMessage(
            "Not enough disk space in "
                + cache
                + ": the CUDA libraries need about 3.3 MB and 2.0 MB is free");
  }

  @Test
  void aCompleteTargetIsReusedWithoutGoingOnline() throws IOException {
    CudaDownload download = new CudaDownload(base, cache);
    CudaDownload.Plan old = download.plan();
    Path target = Files.createDirectories(download.target());
    Files.writeString(target.resolve(CudaDownload.LIBTORCH), "already here");
    requests.set(0);

    CudaDownload.Plan plan = download.plan();
    Path folder = download.download(old, (d, t) -> {}, CancellationToken.NONE);

    assertThat(plan.files()).isEmpty();
    assertThat(plan.summary()).isEqualTo("already downloaded");
    assertThat(folder).isEqualTo(target);
    assertThat(target.resolve(CudaDownload.LIBTORCH)).hasContent("already here");
    assertThat(requests).hasValue(0);
  }

  @Test
  void anIncompleteLeftoverFolderIsReplaced() throws IOException {
    CudaDownload download = new CudaDownload(base, cache);
    Path leftover = Files.createDirectories(download.target());
    Files.writeString(leftover.resolve("libc10_cuda.so"), "half");

    Path folder = download.download(download.plan(), (d, t) -> {}, CancellationToken.NONE);

    assertThat(folder.resolve("libc10_cuda.so")).hasBinaryContent(libraries.get("libc10_cuda.so"));
    assertThat(download.installed()).contains(folder);
  }

  @Test
  void anIndexWithoutTheFlavourSaysWhichItHas() {
    published.put(
        ROOT + "files.txt",
        ("cpu/linux-x86_64/native/lib/libtorch.so.gz\n"
                + "cu126/linux-x86_64/native/lib/libtorch.so.gz\n"
                + "cu128/win-x86_64/native/lib/torch.dll.gz\n")
            .getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(new CudaDownload(base, cache)::plan)
        .isInstanceOf(IOException.class)
        .hasMessage(
            "The index at "
                + base
                + "files.txt has no cu128 libraries for linux-x86_64 (it has: cpu, cu126)");
  }

  @Test
  void aMissingIndexIsReportedWithTheServersAnswer() {
    published.remove(ROOT + "files.txt");

    assertThatThrownBy(new CudaDownload(base, cache)::plan)
        .isInstanceOf(IOException.class)
        .hasMessage(
            "Could not download the index of the CUDA libraries: the server answered HTTP 404 ("
                + base
                + "files.txt)");
  }

  @Test
  void aNameThatWouldLeaveTheFolderIsRefused() {
    published.put(
        ROOT + "files.txt",
        (LIB + "libtorch.so.gz\n" + LIB + "..%2F..%2Fprofile.gz\n")
            .getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(new CudaDownload(base, cache)::plan)
        .isInstanceOf(IOException.class)
        .hasMessage("The index of the CUDA libraries has a bad name: ..%2F..%2Fprofile");
  }

  @Test
  void anAddressWithAQueryIsRefused() {
    assertThatThrownBy(
            () -> new CudaDownload(URI.create("https://example.org/pytorch/?token=abc"), cache))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("abc");
  }

  @Test
  void fromDjlDownloadsIntoDjlsCacheFolderForPyTorch() {
    Path target = CudaDownload.fromDjl().target();

    assertThat(target.getFileName()).hasToString("2.7.1-cu128-linux-x86_64");
    assertThat(target.getParent())
        .isEqualTo(ai.djl.util.Utils.getEngineCacheDir("pytorch").toAbsolutePath().normalize());
  }

  @Test
  void sizesReadAsPeopleWriteThem() {
    assertThat(CudaDownload.about(1)).isEqualTo("1 byte");
    assertThat(CudaDownload.about(999)).isEqualTo("999 bytes");
    assertThat(CudaDownload.about(1_500)).isEqualTo("1.5 kB");
    assertThat(CudaDownload.about(2_400_000_000L)).isEqualTo("2.4 GB");
    assertThat(CudaDownload.about(999_990_000L)).isEqualTo("1.0 GB");
  }

  private void assertNothingKept(CudaDownload download) throws IOException {
    assertThat(download.installed()).isEmpty();
    try (Stream<Path> left = Files.list(cache)) {
      assertThat(left).as("no target and no temporary folder").isEmpty();
    }
  }

  private byte[] gzipped(String library) {
    return gzip(libraries.get(library));
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

  /** Answers GET and HEAD like a static file server, with byte ranges when they are on. */
  private void answer(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    String path = exchange.getRequestURI().getRawPath();
    byte[] body = published.get(path);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    if (head && !heads.get()) {
      exchange.sendResponseHeaders(405, -1);
      exchange.close();
      return;
    }
    Integer failure = head ? null : failGet.get(path);
    String range = exchange.getRequestHeaders().getFirst("Range");
    int status = body == null ? 404 : failure != null ? failure : 200;
    if (status == 200 && range != null && ranges.get()) {
      String[] ends = range.substring("bytes=".length()).split("-");
      int from = Integer.parseInt(ends[0]);
      int to = Integer.parseInt(ends[1]);
      exchange
          .getResponseHeaders()
          .set("Content-Range", "bytes " + from + "-" + to + "/" + body.length);
      body = Arrays.copyOfRange(body, from, to + 1);
      status = 206;
    }
    if (status >= 400) {
      body = new byte[0];
    }
    if (head) {
      exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
      return;
    }
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}

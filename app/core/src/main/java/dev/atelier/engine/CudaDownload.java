package dev.atelier.engine;

import ai.djl.util.Utils;
import dev.atelier.task.CancellationToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads DJL's published PyTorch CUDA libraries ({@value EngineRoute#TORCH_VERSION}, {@value
 * EngineRoute#CUDA_FLAVOR}) into DJL's cache, where the {@link EngineRoute#DOWNLOADED_CUDA} route
 * points the engine. The JNI bridge for that flavour is already in the bundled jar, so only the
 * native libraries come down: about 2–3 GB.
 *
 * <p>It goes online only when {@link #plan()} or {@link #download} is called, and never on its own.
 * <b>The consent is the caller's</b>: show the artist the plan's sizes and ask before calling
 * {@link #download}.
 *
 * <p>The published layout is DJL's own: an index, {@code files.txt}, lists lines such as {@code
 * cu128/linux-x86_64/native/lib/libtorch_cuda.so.gz}; each file of the flavour and platform is a
 * gzip file, and unpacked they all go into one folder, {@code 2.7.1-cu128-linux-x86_64}, in the
 * cache. DJL would find that folder by itself too.
 *
 * <p>The invariant: the target folder exists only when it is complete. The files are unpacked into
 * a temporary folder beside it, which is moved into place in one step after the last file; a
 * cancel, a network or HTTP error, a broken gzip file or a full disk removes the temporary folder
 * and leaves no target.
 */
public final class CudaDownload {

  private static final Logger LOG = LoggerFactory.getLogger(CudaDownload.class);

  /** Where DJL publishes the PyTorch {@value EngineRoute#TORCH_VERSION} libraries. */
  public static final URI DJL_BASE =
      URI.create("https://publish.djl.ai/pytorch/" + EngineRoute.TORCH_VERSION + "/");

  /** The platform: the bundled bridge has a CUDA build for Linux on x86-64. */
  public static final String CLASSIFIER = "linux-x86_64";

  /** The file that marks a complete folder: the library DJL loads first. */
  public static final String LIBTORCH = "libtorch.so";

  /** The index of the published files, beside them. */
  static final String INDEX = "files.txt";

  /**
   * How many times its download size a file is assumed to take once unpacked, when the server does
   * not tell (the bundled CPU libraries unpack to about 4×).
   */
  static final int UNPACK_ESTIMATE = 4;

  /** How the temporary folders start; a dot keeps them out of DJL's way. */
  static final String TEMP_PREFIX = ".atelier-download-";

  /** Free bytes in a folder (which may not exist yet). */
  @FunctionalInterface
  interface FreeSpace {
    long of(Path folder) throws IOException;
  }

  /** Told how far a download is. */
  @FunctionalInterface
  public interface Progress {
    /**
     * @param done bytes downloaded so far (as sent, before unpacking)
     * @param total bytes to download, or -1 when the server did not tell every size; in the last
     *     call, {@code done == total}
     */
    void update(long done, long total);
  }

  /**
   * One file to download.
   *
   * @param name the file's name once unpacked, e.g. {@code libtorch_cuda.so}
   * @param uri where its gzip file is
   * @param size the gzip file's length, or -1 when not known
   * @param unpackedSize its length once unpacked, or -1 when not known
   */
  public record Part(String name, URI uri, long size, long unpackedSize) {

    /** The disk space it takes: its unpacked size, else an estimate from its download size. */
    public long spaceNeeded() {
      return unpackedSize >= 0 ? unpackedSize : Math.max(0, size) * UNPACK_ESTIMATE;
    }
  }

  /**
   * What a download would fetch, to show before asking for consent.
   *
   * @param files the files, by name; empty when the libraries are already there
   * @param totalBytes bytes to download (the sum of the sizes known)
   * @param target the folder the libraries go into
   */
  public record Plan(List<Part> files, long totalBytes, Path target) {

    public Plan {
      files = List.copyOf(files);
    }

    /** Whether every file's size is known, so {@link #totalBytes} is the whole download. */
    public boolean sizesKnown() {
      return files.stream().allMatch(f -> f.size() >= 0);
    }

    /** Disk space the unpacked files take (estimated where the server did not tell). */
    public long spaceNeeded() {
      return files.stream().mapToLong(Part::spaceNeeded).sum();
    }

    /**
     * For people: "14 files, about 2.4 GB to download, 5.1 GB on disk" ("at least" when a size is
     * not known, "size not known" when none is).
     */
    public String summary() {
      if (files.isEmpty()) {
        return "already downloaded";
      }
      String count = files.size() + (files.size() == 1 ? " file, " : " files, ");
      if (totalBytes == 0 && !sizesKnown()) {
        return count + "size not known";
      }
      return count
          + (sizesKnown() ? "about " : "at least ")
          + about(totalBytes)
          + " to download, "
          + about(spaceNeeded())
          + " on disk";
    }
  }

  private final URI base;
  private final Path cacheDir;
  private final LibraryFetch fetch;
  private final FreeSpace freeSpace;

  /**
   * @param base the folder that holds {@code files.txt} and the files it lists, http(s), no query
   * @param cacheDir the folder the libraries' own folder goes into
   */
  public CudaDownload(URI base, Path cacheDir) {
    this(base, cacheDir, CudaDownload::usableSpace);
  }

  CudaDownload(URI base, Path cacheDir, FreeSpace freeSpace) {
    String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https"))
        || base.getHost() == null
        || base.getRawQuery() != null
        || base.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "The download address must be http(s)://host/folder/ without a query: "
              + LibraryFetch.safe(base));
    }
    String path = base.getRawPath() == null ? "" : base.getRawPath();
    this.base = path.endsWith("/") ? base : URI.create(base + "/");
    this.cacheDir = cacheDir.toAbsolutePath().normalize();
    this.fetch = new LibraryFetch();
    this.freeSpace = freeSpace;
  }

  /** DJL's published libraries, into DJL's cache folder for PyTorch (e.g. ~/.djl.ai/pytorch). */
  public static CudaDownload fromDjl() {
    return new CudaDownload(DJL_BASE, Utils.getEngineCacheDir("pytorch"));
  }

  /** The folder the libraries go into: {@code 2.7.1-cu128-linux-x86_64} in the cache folder. */
  public Path target() {
    return cacheDir.resolve(
        EngineRoute.TORCH_VERSION + "-" + EngineRoute.CUDA_FLAVOR + "-" + CLASSIFIER);
  }

  /** The target folder, when it holds {@value #LIBTORCH} (a download there completed). */
  public Optional<Path> installed() {
    Path target = target();
    return Files.isRegularFile(target.resolve(LIBTORCH)) ? Optional.of(target) : Optional.empty();
  }

  /**
   * Reads the index and asks each file's size, to say what a download would take. Goes online
   * unless the libraries are already there (then the plan has no files).
   *
   * @throws NotEnoughSpaceException when the unpacked files would not fit on the disk
   * @throws IOException when the index cannot be read or lists no {@value EngineRoute#CUDA_FLAVOR}
   *     libraries for {@value #CLASSIFIER}
   */
  public Plan plan() throws IOException {
    if (installed().isPresent()) {
      return new Plan(List.of(), 0, target());
    }
    String index = fetch.text(base.resolve(INDEX), "the index of the CUDA libraries");
    List<Part> parts = new ArrayList<>();
    long total = 0;
    for (Part entry : entries(index)) {
      long size = fetch.size(entry.uri(), entry.name());
      long unpacked = size > 0 ? fetch.unpackedSize(entry.uri(), size, entry.name()) : -1;
      parts.add(new Part(entry.name(), entry.uri(), size, unpacked));
      total += Math.max(0, size);
    }
    Plan plan = new Plan(parts, total, target());
    checkSpace(plan);
    LOG.info("CUDA libraries at {}: {}", LibraryFetch.safe(base), plan.summary());
    return plan;
  }

  /**
   * Downloads the plan's files, unpacks them and moves them into place; call only with the artist's
   * consent. When the libraries are already there it downloads nothing. Blocks: run it off the UI
   * thread. Cancellation is checked between chunks of 64 KiB; interrupting the thread also stops a
   * stalled transfer.
   *
   * @param plan from {@link #plan()} of this download
   * @param progress told how far it is, a few hundred times at most
   * @param cancel asked between chunks
   * @return the folder with the libraries, for {@link EngineSetup#cuda}
   * @throws CancellationException when cancelled; nothing is kept
   * @throws NotEnoughSpaceException when the files no longer fit on the disk
   * @throws IOException naming the file, for a network or HTTP error or a broken gzip file; nothing
   *     is kept
   */
  public Path download(Plan plan, Progress progress, CancellationToken cancel) throws IOException {
    Optional<Path> present = installed();
    if (present.isPresent()) {
      return present.get();
    }
    if (!plan.target().equals(target())) {
      throw new IllegalArgumentException("The plan is for another folder: " + plan.target());
    }
    if (plan.files().isEmpty()) {
      throw new IOException("The CUDA libraries in " + target() + " are gone: plan again");
    }
    checkSpace(plan);
    Files.createDirectories(cacheDir);
    Path temp = Files.createTempDirectory(cacheDir, TEMP_PREFIX);
    boolean moved = false;
    try {
      TransferMeter meter = new TransferMeter(plan.sizesKnown() ? plan.totalBytes() : -1, progress);
      meter.start();
      for (Part part : plan.files()) {
        cancel.throwIfCancelled();
        LOG.info("Downloading {}", part.name());
        fetch.unpack(part.uri(), part.name() + ".gz", temp.resolve(part.name()), meter, cancel);
        meter.fileDone();
      }
      cancel.throwIfCancelled();
      Path done = moveIntoPlace(temp);
      moved = true;
      meter.finish();
      LOG.info("The CUDA libraries are in {}", done);
      return done;
    } catch (CancellationException e) {
      throw new CancellationException("The download of the CUDA libraries was cancelled");
    } finally {
      if (!moved) {
        deleteTree(temp);
      }
    }
  }

  /** The files the index lists for the flavour and platform, with no sizes yet. */
  List<Part> entries(String index) throws IOException {
    String prefix = EngineRoute.CUDA_FLAVOR + "/" + CLASSIFIER + "/";
    List<Part> parts = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Set<String> flavours = new TreeSet<>();
    for (String raw : index.split("\n")) {
      String line = raw.strip();
      String[] segments = line.split("/");
      if (segments.length > 2 && segments[1].equals(CLASSIFIER)) {
        flavours.add(segments[0]);
      }
      if (!line.startsWith(prefix) || !line.endsWith(".gz")) {
        continue;
      }
      String name = fileName(line);
      if (!names.add(name)) {
        throw new IOException("The index of the CUDA libraries lists " + name + " twice");
      }
      parts.add(new Part(name, resolve(line), -1, -1));
    }
    if (parts.isEmpty()) {
      throw new IOException(
          "The index at "
              + LibraryFetch.safe(base.resolve(INDEX))
              + " has no "
              + EngineRoute.CUDA_FLAVOR
              + " libraries for "
              + CLASSIFIER
              + (flavours.isEmpty() ? "" : " (it has: " + String.join(", ", flavours) + ")"));
    }
    if (!names.contains(LIBTORCH)) {
      throw new IOException(
          "The index lists " + EngineRoute.CUDA_FLAVOR + " libraries but no " + LIBTORCH);
    }
    parts.sort(Comparator.comparing(Part::name));
    return parts;
  }

  /** The file's name once unpacked: the last segment, decoded, without {@code .gz}. */
  private static String fileName(String line) throws IOException {
    String segment = line.substring(line.lastIndexOf('/') + 1, line.length() - ".gz".length());
    String name;
    try {
      name = URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IOException("The index of the CUDA libraries has a bad name: " + segment, e);
    }
    if (name.isEmpty()
        || name.equals(".")
        || name.equals("..")
        || name.contains("/")
        || name.contains("\\")
        || name.indexOf('\0') >= 0) {
      throw new IOException("The index of the CUDA libraries has a bad name: " + segment);
    }
    return name;
  }

  private URI resolve(String line) throws IOException {
    try {
      return base.resolve(line);
    } catch (IllegalArgumentException e) {
      throw new IOException("The index of the CUDA libraries has a bad line: " + line, e);
    }
  }

  private void checkSpace(Plan plan) throws IOException {
    long needed = plan.spaceNeeded();
    long free = freeSpace.of(cacheDir);
    if (needed > free) {
      throw new NotEnoughSpaceException(cacheDir, needed, free);
    }
  }

  /**
   * Renames the complete temporary folder to the target in one step. A folder already there without
   * {@value #LIBTORCH} is a leftover and is replaced; one that became complete meanwhile (another
   * download) wins, and this one is dropped.
   */
  private Path moveIntoPlace(Path temp) throws IOException {
    if (!Files.isRegularFile(temp.resolve(LIBTORCH))) {
      throw new IOException("The download has no " + LIBTORCH);
    }
    Optional<Path> present = installed();
    if (present.isPresent()) {
      deleteTree(temp);
      return present.get();
    }
    Path target = target();
    if (Files.exists(target)) {
      LOG.info("Replacing the incomplete folder {}", target);
      deleteTree(target);
    }
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    return target;
  }

  /** Removes a folder and everything in it; quietly, as it runs while another error is thrown. */
  static void deleteTree(Path folder) {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(folder)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("Could not remove {}: {}", folder, e.getMessage());
    }
  }

  /** Free bytes on the disk that holds {@code folder}, or its nearest existing parent. */
  static long usableSpace(Path folder) throws IOException {
    Path existing = folder.toAbsolutePath();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      throw new IOException("No folder of " + folder + " exists");
    }
    return Files.getFileStore(existing).getUsableSpace();
  }

  /** A size for people, in decimal units as disks are sold: "2.4 GB", "310.5 MB", "12 bytes". */
  public static String about(long bytes) {
    if (bytes < 1000) {
      return bytes + (bytes == 1 ? " byte" : " bytes");
    }
    String[] units = {"kB", "MB", "GB", "TB"};
    double value = bytes / 1000.0;
    int unit = 0;
    while (value >= 999.95 && unit < units.length - 1) {
      value /= 1000;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}

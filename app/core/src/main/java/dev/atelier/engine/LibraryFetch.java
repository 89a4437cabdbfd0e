package dev.atelier.engine;

import dev.atelier.io.Failures;
import dev.atelier.task.CancellationToken;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The HTTP side of {@link CudaDownload}: reads the index, asks a file's sizes, and streams one gzip
 * file, unpacked, into a local file. Messages name the file and the server's answer, never a query
 * string (the addresses here have none; {@link #safe(URI)} drops one anyway).
 */
final class LibraryFetch {

  /** Bytes read and written at a time; cancellation is checked between chunks. */
  static final int CHUNK = 64 * 1024;

  /** The index lists a few hundred lines; anything much larger is not an index. */
  private static final int MAX_INDEX_BYTES = 4 << 20;

  /** The smallest gzip file: a 10-byte header and an 8-byte trailer. */
  private static final long GZIP_MIN = 18;

  /** Deflate packs at most about 1032:1; a larger claim is not a gzip trailer. */
  private static final long MAX_RATIO = 1032;

  private static final Duration CONNECT = Duration.ofSeconds(20);
  private static final Duration ANSWER = Duration.ofSeconds(60);

  private final HttpClient http;

  LibraryFetch() {
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(CONNECT)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  /** A small text file, such as the index. */
  String text(URI uri, String what) throws IOException {
    HttpResponse<InputStream> response = open(HttpRequest.newBuilder(uri).GET(), what);
    try (InputStream in = response.body()) {
      byte[] bytes = in.readNBytes(MAX_INDEX_BYTES + 1);
      if (bytes.length > MAX_INDEX_BYTES) {
        throw new IOException(what + " is larger than " + MAX_INDEX_BYTES + " bytes");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw failed(what, e);
    }
  }

  /**
   * The file's length as a HEAD request tells it; -1 when the server does not say or does not
   * answer HEAD.
   */
  long size(URI uri, String what) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .method("HEAD", HttpRequest.BodyPublishers.noBody())
            .timeout(ANSWER)
            .build();
    HttpResponse<Void> response = send(request, HttpResponse.BodyHandlers.discarding(), what);
    if (response.statusCode() == 405 || response.statusCode() == 501) {
      return -1; // a server without HEAD: the size stays unknown
    }
    if (response.statusCode() != 200) {
      throw status(what, uri, response.statusCode());
    }
    return response.headers().firstValueAsLong("Content-Length").orElse(-1);
  }

  /**
   * The size of a gzip file's contents, from its last four bytes (gzip's ISIZE: the length modulo
   * 2^32, exact for files under 4 GiB, as every library here is), fetched with a range request.
   *
   * @param size the gzip file's length
   * @return the unpacked size, or -1 when the server does not answer range requests or the tail is
   *     not a plausible gzip trailer
   */
  long unpackedSize(URI uri, long size, String what) throws IOException {
    if (size < GZIP_MIN) {
      return -1;
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri).header("Range", "bytes=" + (size - 4) + "-" + (size - 1));
    HttpResponse<InputStream> response = open(request, what);
    try (InputStream in = response.body()) {
      if (response.statusCode() != 206) {
        return -1; // the whole file is on its way: closing drops it unread
      }
      byte[] tail = in.readNBytes(5);
      if (tail.length != 4) {
        return -1;
      }
      long unpacked =
          (tail[0] & 0xFFL)
              | (tail[1] & 0xFFL) << 8
              | (tail[2] & 0xFFL) << 16
              | (tail[3] & 0xFFL) << 24;
      return unpacked <= size * MAX_RATIO ? unpacked : -1;
    } catch (IOException e) {
      throw failed(what, e);
    }
  }

  /**
   * Downloads a gzip file and writes its contents to {@code target}, a new file. {@code meter}
   * counts the bytes as they arrive (before unpacking); {@code cancel} is asked after each chunk.
   *
   * @throws java.util.concurrent.CancellationException when cancelled; the caller removes the file
   * @throws IOException naming the file, for a network or HTTP error or a broken gzip file
   */
  void unpack(URI uri, String what, Path target, TransferMeter meter, CancellationToken cancel)
      throws IOException {
    HttpResponse<InputStream> response = open(HttpRequest.newBuilder(uri).GET(), what);
    if (response.statusCode() != 200) {
      response.body().close();
      throw status(what, uri, response.statusCode());
    }
    try (Counted counted = new Counted(response.body());
        InputStream gzip = new GZIPInputStream(counted, CHUNK);
        OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
      byte[] buffer = new byte[CHUNK];
      long seen = 0;
      for (int n = gzip.read(buffer); n >= 0; n = gzip.read(buffer)) {
        out.write(buffer, 0, n);
        meter.add(counted.count - seen);
        seen = counted.count;
        cancel.throwIfCancelled();
      }
      meter.add(counted.count - seen);
    } catch (ZipException | EOFException e) {
      throw new IOException(
          what + " ended early or is not a valid gzip file (" + Failures.describe(e) + ")", e);
    } catch (IOException e) {
      throw failed(what, e);
    }
  }

  /** Sends the request and answers with its body open; a status other than 200 or 206 fails. */
  private HttpResponse<InputStream> open(HttpRequest.Builder request, String what)
      throws IOException {
    HttpRequest built = request.timeout(ANSWER).build();
    HttpResponse<InputStream> response =
        send(built, HttpResponse.BodyHandlers.ofInputStream(), what);
    int status = response.statusCode();
    if (status != 200 && status != 206) {
      response.body().close();
      throw status(what, built.uri(), status);
    }
    return response;
  }

  private <T> HttpResponse<T> send(
      HttpRequest request, HttpResponse.BodyHandler<T> body, String what) throws IOException {
    try {
      return http.send(request, body);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while downloading " + what);
    } catch (IOException e) {
      throw failed(what, e);
    }
  }

  private static IOException status(String what, URI uri, int status) {
    return new IOException(
        "Could not download "
            + what
            + ": the server answered HTTP "
            + status
            + " ("
            + safe(uri)
            + ")");
  }

  private static IOException failed(String what, IOException e) {
    return new IOException("Could not download " + what + ": " + Failures.describe(e), e);
  }

  /** The address without user information, query or fragment, for messages and logs. */
  static String safe(URI uri) {
    String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
    return uri.getScheme() + "://" + uri.getHost() + port + uri.getRawPath();
  }

  /** Counts the bytes read through it. */
  private static final class Counted extends FilterInputStream {
    long count;

    Counted(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      count += skipped;
      return skipped;
    }
  }
}

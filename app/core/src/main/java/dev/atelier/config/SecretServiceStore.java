package dev.atelier.config;

import dev.atelier.config.SecretException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Secrets in the desktop's keyring through the freedesktop Secret Service (GNOME Keyring, KWallet),
 * by its command-line client {@code secret-tool} (Debian package {@code libsecret-tools}). The
 * keyring encrypts them with the user's login password and unlocks them at login. References are
 * {@code keyring:ID}; each item carries the attributes {@code application=atelier} and {@code
 * atelier-secret=ID}.
 */
final class SecretServiceStore implements SecretStore {

  static final String PREFIX = "keyring:";
  private static final long TIMEOUT_SECONDS = 10;

  private final Path tool;
  private final SecureRandom random;

  SecretServiceStore(Path tool, SecureRandom random) {
    this.tool = Objects.requireNonNull(tool, "tool");
    this.random = Objects.requireNonNull(random, "random");
  }

  /** {@code secret-tool} on the {@code PATH}, when there is one. */
  static Optional<Path> findTool(String path) {
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isBlank()) {
        Path candidate = Path.of(dir).resolve("secret-tool");
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * True when the keyring answers: a lookup of an item nobody stores finishes in time with no
   * complaint (no D-Bus session, no keyring service and a locked keyring that cannot ask all
   * complain on the error stream).
   */
  boolean answers() {
    try {
      Result r = run(null, "lookup", "application", "atelier", "atelier-secret", "probe");
      return (r.code() == 0 || r.code() == 1) && r.err().isBlank();
    } catch (SecretException e) {
      return false;
    }
  }

  @Override
  public String put(String label, String secret) {
    String id = HexFormat.of().formatHex(bytes(16));
    Result r =
        run(
            secret,
            "store",
            "--label=Atelier: " + label,
            "application",
            "atelier",
            "atelier-secret",
            id);
    if (r.code() != 0) {
      throw new SecretException(
          Reason.UNAVAILABLE, "The system keyring did not keep the secret: " + r.errLine());
    }
    return PREFIX + id;
  }

  @Override
  public String get(String reference) {
    Result r = run(null, "lookup", "application", "atelier", "atelier-secret", idOf(reference));
    if (r.code() == 0 && !r.out().isEmpty()) {
      return r.out().stripTrailing();
    }
    if (r.err().isBlank()) {
      throw new SecretException(
          Reason.MISSING, "The system keyring has no Atelier secret " + idOf(reference));
    }
    throw new SecretException(
        Reason.UNAVAILABLE,
        "The system keyring did not answer (is it unlocked, in a desktop session?): "
            + r.errLine());
  }

  @Override
  public void remove(String reference) {
    run(null, "clear", "application", "atelier", "atelier-secret", idOf(reference));
  }

  @Override
  public String describe() {
    return "the system keyring (Secret Service)";
  }

  private static String idOf(String reference) {
    if (reference == null || !reference.startsWith(PREFIX)) {
      throw new IllegalArgumentException("Not a reference to the system keyring");
    }
    return reference.substring(PREFIX.length());
  }

  private record Result(int code, String out, String err) {
    String errLine() {
      String line = err.strip().lines().findFirst().orElse("");
      return line.isEmpty() ? "exit status " + code : line;
    }
  }

  /** Runs the tool with {@code stdin} (or none) and waits for it. */
  private Result run(String stdin, String... args) {
    List<String> command = new ArrayList<>(List.of(tool.toString()));
    command.addAll(List.of(args));
    Process p;
    try {
      p = new ProcessBuilder(command).start();
    } catch (IOException e) {
      throw new SecretException(Reason.UNAVAILABLE, "Cannot run " + tool, e);
    }
    try {
      CompletableFuture<String> out = drain(p.getInputStream());
      CompletableFuture<String> err = drain(p.getErrorStream());
      try (OutputStream in = p.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new SecretException(
            Reason.UNAVAILABLE, "The system keyring did not answer in " + TIMEOUT_SECONDS + " s");
      }
      return new Result(p.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      throw new SecretException(Reason.UNAVAILABLE, "Cannot talk to " + tool, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SecretException(Reason.UNAVAILABLE, "Interrupted while asking the keyring", e);
    } finally {
      p.destroy();
    }
  }

  private static CompletableFuture<String> drain(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "";
          }
        });
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}

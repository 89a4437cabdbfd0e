package dev.atelier.io;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * A failure in plain words for a message a person reads, never a Java class name: some exceptions
 * carry no message (a refused connection often has none) and wrapped ones carry their cause's class
 * name ({@code "java.net.ConnectException: Connection refused"}).
 */
public final class Failures {

  /** A qualified or simple exception class name, with the colon that follows it. */
  private static final Pattern CLASS_NAME =
      Pattern.compile("(?:\\b[a-z_][\\w$]*\\.)*\\b[A-Z][\\w$]*(?:Exception|Error)\\b:?\\s*");

  private static final String UNKNOWN = "an unexpected error";

  private Failures() {}

  /**
   * What went wrong, in words: the first message in the chain of causes without class names, with
   * words added where a message is only a name (an unknown host, a missing file); words for a known
   * network or file failure that has no message; else {@value #UNKNOWN}.
   */
  public static String describe(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String message = withoutClassNames(t.getMessage());
      String words = words(t);
      if (!message.isEmpty()) {
        return words != null && namesOnly(t) ? words + ": " + message : message;
      }
      if (words != null) {
        return words;
      }
    }
    return UNKNOWN;
  }

  /** {@code text} with Java exception class names taken out; empty for null. */
  static String withoutClassNames(String text) {
    return text == null ? "" : CLASS_NAME.matcher(text).replaceAll("").strip();
  }

  /** Exceptions whose message is only the name of a thing (a host, a path). */
  private static boolean namesOnly(Throwable t) {
    return t instanceof UnknownHostException
        || t instanceof NoSuchFileException
        || t instanceof AccessDeniedException
        || t instanceof FileAlreadyExistsException;
  }

  private static String words(Throwable t) {
    return switch (t) {
      case UnknownHostException e -> "unknown host";
      case ConnectException e -> "connection refused";
      case NoRouteToHostException e -> "no route to host";
      case HttpTimeoutException e -> "no answer in time";
      case SocketTimeoutException e -> "no answer in time";
      case ClosedChannelException e -> "the connection was closed";
      case EOFException e -> "the connection or file ended early";
      case SSLException e -> "the secure connection (TLS) failed";
      case NoSuchFileException e -> "no such file";
      case FileNotFoundException e -> "no such file";
      case AccessDeniedException e -> "permission denied";
      case FileAlreadyExistsException e -> "the file already exists";
      case InterruptedIOException e -> "interrupted";
      default -> null;
    };
  }
}

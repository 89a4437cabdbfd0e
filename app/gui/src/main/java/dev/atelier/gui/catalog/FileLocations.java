package dev.atelier.gui.catalog;

import java.awt.Desktop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Shows a file in the system's file manager. Called off the JavaFX thread: it may block. */
@FunctionalInterface
public interface FileLocations {

  /**
   * Opens the folder holding {@code file}, selecting it where the platform can.
   *
   * @throws UnsupportedOperationException when this system has no way to show folders
   * @throws IOException when the file manager could not be started
   */
  void reveal(Path file) throws IOException;

  /**
   * The desktop's file manager: AWT's "browse file directory" on macOS and Windows, {@code
   * xdg-open} on the folder elsewhere (AWT is not touched there, to stay clear of JavaFX's GTK).
   */
  static FileLocations desktop() {
    return file -> {
      Path folder = file.toAbsolutePath().getParent();
      if (folder == null || !Files.isDirectory(folder)) {
        throw new IOException("The folder " + folder + " no longer exists");
      }
      String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
      if (os.contains("mac") || os.contains("win")) {
        if (Desktop.isDesktopSupported()
            && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE_FILE_DIR)) {
          Desktop.getDesktop().browseFileDirectory(file.toFile());
          return;
        }
        throw new UnsupportedOperationException("This desktop cannot open folders");
      }
      Process process;
      try {
        process =
            new ProcessBuilder("xdg-open", folder.toString()).redirectErrorStream(true).start();
      } catch (IOException e) {
        throw new UnsupportedOperationException(
            "No file manager found (xdg-open is missing); the file is " + file, e);
      }
      process.getOutputStream().close();
      try {
        if (process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS) && process.exitValue() != 0) {
          throw new IOException(
              "The file manager could not open "
                  + folder
                  + " (xdg-open exited "
                  + process.exitValue()
                  + ")");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }
}

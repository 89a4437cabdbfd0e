package dev.atelier.cli;

import dev.atelier.config.AppDirs;
import dev.atelier.config.Settings;
import dev.atelier.engine.DeviceChoice;
import dev.atelier.engine.EngineInfo;
import dev.atelier.engine.EngineLoadException;
import dev.atelier.engine.EngineStart;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * Applies the saved engine setup before a command runs (the engine loads later, on first use), and
 * the {@code --device} flag over the saved device. After the command the start is marked done, or
 * failed when the engine could not load; a process that dies inside the native load leaves the
 * marker, and the next start falls back to the bundled CPU libraries.
 */
final class EngineStartup {

  private EngineStartup() {}

  /** Picocli's {@code --device} values, through {@link DeviceChoice#parse}. */
  static final class DeviceConverter implements CommandLine.ITypeConverter<DeviceChoice> {
    @Override
    public DeviceChoice convert(String value) {
      try {
        return DeviceChoice.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  /**
   * Runs {@code command} with the engine set up from {@code dirs}' settings and {@code device}
   * (null: the saved one). A help or version request runs without it.
   */
  static int around(
      CommandLine.ParseResult parsed,
      AppDirs dirs,
      DeviceChoice device,
      PrintWriter err,
      Callable<Integer> command)
      throws Exception {
    if (helpOnly(parsed)) {
      return command.call();
    }
    EngineStart start = EngineStart.prepare(Settings.load(dirs.settingsFile()), dirs.data());
    start.notice().ifPresent(n -> err.println("atelier: " + n));
    try {
      if (device != null) {
        EngineInfo.useDevice(device);
        if (device.gpu()) {
          EngineInfo.detect()
              .fallback()
              .ifPresent(f -> err.println("atelier: " + f + "; running on the CPU."));
        }
      }
      int code = command.call();
      start.loaded();
      return code;
    } catch (Exception | Error e) {
      if (loadFailure(e)) {
        start.failed(e);
        start.notice().ifPresent(n -> err.println("atelier: " + n));
      } else {
        start.loaded();
      }
      throw e;
    }
  }

  private static boolean helpOnly(CommandLine.ParseResult parsed) {
    for (CommandLine c : parsed.asCommandLineList()) {
      if (c.isUsageHelpRequested() || c.isVersionHelpRequested()) {
        return true;
      }
    }
    return parsed.subcommand() == null && parsed.originalArgs().isEmpty();
  }

  private static boolean loadFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof EngineLoadException) {
        return true;
      }
    }
    return false;
  }
}

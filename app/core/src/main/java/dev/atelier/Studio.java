package dev.atelier;

import dev.atelier.catalog.Catalog;
import dev.atelier.config.AppDirs;
import dev.atelier.config.Settings;
import dev.atelier.lifecycle.Lifecycle;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every core service once, in dependency order, and stops them in
 * reverse. The studio window and the command line each create one {@code Studio} and pass its
 * services on by constructor; nothing else reaches for globals.
 */
public final class Studio implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Studio.class);

  private final Lifecycle lifecycle;
  private final AppDirs dirs;
  private final Settings settings;
  private final Catalog catalog;
  private final Clock clock;

  private Studio(
      Lifecycle lifecycle, AppDirs dirs, Settings settings, Catalog catalog, Clock clock) {
    this.lifecycle = lifecycle;
    this.dirs = dirs;
    this.settings = settings;
    this.catalog = catalog;
    this.clock = clock;
  }

  /** Starts the studio on the current user's folders (or the {@code atelier.home} override). */
  public static Studio start() {
    return start(AppDirs.forCurrentUser(), Clock.systemUTC());
  }

  /**
   * Starts every service in order: folders, settings, catalog, then start-up recovery. If one
   * fails, the ones before it are stopped and a {@link dev.atelier.lifecycle.StartupException}
   * names the failing one.
   */
  public static Studio start(AppDirs dirs, Clock clock) {
    Lifecycle lifecycle = new Lifecycle();
    lifecycle.startPlain("folders", dirs::ensureExist);
    Settings settings = lifecycle.startPlain("settings", () -> Settings.load(dirs.settingsFile()));
    Catalog catalog = lifecycle.start("catalog", () -> Catalog.open(dirs.catalogFile()));
    int interrupted =
        lifecycle.startPlain(
            "recovery", () -> catalog.generations().markInterrupted(clock.instant()));
    if (interrupted > 0) {
      LOG.info("{} generation(s) interrupted by an earlier exit were marked failed", interrupted);
    }
    return new Studio(lifecycle, dirs, settings, catalog, clock);
  }

  public AppDirs dirs() {
    return dirs;
  }

  public Settings settings() {
    return settings;
  }

  public Catalog catalog() {
    return catalog;
  }

  public Clock clock() {
    return clock;
  }

  /** Names of running services, in start order. */
  public List<String> running() {
    return lifecycle.running();
  }

  /** Stops every service, last started first. */
  @Override
  public void close() {
    lifecycle.close();
  }
}

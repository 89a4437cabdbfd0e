package dev.atelier;

import dev.atelier.catalog.Catalog;
import dev.atelier.chain.LocalDevnet;
import dev.atelier.config.AppDirs;
import dev.atelier.config.DevnetSettings;
import dev.atelier.config.InstallId;
import dev.atelier.config.SavedNetworks;
import dev.atelier.config.Settings;
import dev.atelier.content.AssetExport;
import dev.atelier.content.IpfsPinner;
import dev.atelier.diffusion.ModelLibrary;
import dev.atelier.generate.GenerationSession;
import dev.atelier.generate.KeepService;
import dev.atelier.license.LicenseService;
import dev.atelier.lifecycle.Lifecycle;
import dev.atelier.mint.BatchMinter;
import dev.atelier.mint.BatchPlanner;
import dev.atelier.mint.CollectionService;
import dev.atelier.mint.MintPlanner;
import dev.atelier.mint.MintWiring;
import dev.atelier.mint.Minter;
import dev.atelier.mint.OnChainCheck;
import dev.atelier.mint.Reconciler;
import dev.atelier.mint.Reconciliation;
import dev.atelier.mint.StartupRecovery;
import dev.atelier.provenance.ProvenanceService;
import dev.atelier.wallet.Keystores;
import dev.atelier.wallet.ScryptParams;
import dev.atelier.wallet.WalletService;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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
  private final SavedNetworks networks;
  private final Catalog catalog;
  private final LicenseService licenses;
  private final WalletService wallet;
  private final GenerationSession generation;
  private final KeepService keeping;
  private final ProvenanceService provenance;
  private final MintWiring mint;
  private final Map<Long, Reconciliation> mintsSettled = new java.util.LinkedHashMap<>();
  private final Clock clock;
  private final LocalDevnet devnet;

  private Studio(
      Lifecycle lifecycle,
      AppDirs dirs,
      Settings settings,
      SavedNetworks networks,
      Catalog catalog,
      LicenseService licenses,
      WalletService wallet,
      GenerationSession generation,
      KeepService keeping,
      ProvenanceService provenance,
      MintWiring mint,
      Clock clock,
      LocalDevnet devnet) {
    this.lifecycle = lifecycle;
    this.dirs = dirs;
    this.settings = settings;
    this.networks = networks;
    this.catalog = catalog;
    this.licenses = licenses;
    this.wallet = wallet;
    this.generation = generation;
    this.keeping = keeping;
    this.provenance = provenance;
    this.mint = mint;
    this.clock = clock;
    this.devnet = devnet;
  }

  /** Starts the studio on the current user's folders (or the {@code atelier.home} override). */
  public static Studio start() {
    return start(AppDirs.forCurrentUser(), Clock.systemUTC());
  }

  /**
   * Starts every service in order: folders, settings, the networks (RPC URLs an older version saved
   * with their keys in plain text move to the secret store), catalog, start-up recovery, the
   * built-in licenses (added to the catalog or brought up to date), the timer thread, the wallet
   * (which adds back accounts whose catalog row is missing), the generation session (no model loads
   * until one is asked for), keeping, then provenance signing (with this install's id), minting,
   * and the local devnet's handle (no node starts here: see {@link #devnet()}). Nothing here talks
   * to a network: mints an earlier exit left unfinished are settled by {@link
   * #settleUnfinishedMints}, which the command line calls right after this and the studio window in
   * the background. If one fails, the ones before it are stopped and a {@link
   * dev.atelier.lifecycle.StartupException} names the failing one.
   */
  public static Studio start(AppDirs dirs, Clock clock) {
    Lifecycle lifecycle = new Lifecycle();
    lifecycle.startPlain("folders", dirs::ensureExist);
    Settings settings = lifecycle.startPlain("settings", () -> Settings.load(dirs.settingsFile()));
    SavedNetworks networks =
        lifecycle.startPlain("networks", () -> SavedNetworks.open(settings, dirs));
    Catalog catalog = lifecycle.start("catalog", () -> Catalog.open(dirs.catalogFile()));
    int interrupted =
        lifecycle.startPlain(
            "recovery", () -> catalog.generations().markInterrupted(clock.instant()));
    if (interrupted > 0) {
      LOG.info(
          "{} generation(s) left running by an earlier exit were marked interrupted", interrupted);
    }
    LicenseService licenses =
        lifecycle.startPlain(
            "licenses",
            () -> {
              LicenseService l = new LicenseService(catalog.licenses());
              l.seedBuiltIns();
              return l;
            });
    ScheduledExecutorService timers = lifecycle.start("timers", Studio::newTimers);
    WalletService wallet =
        lifecycle.start("wallet", () -> newWallet(dirs, settings, catalog, timers, clock));
    GenerationSession generation =
        lifecycle.start(
            "generation",
            () ->
                new GenerationSession(
                    ModelLibrary.standard(dirs.models()), catalog, clock, dirs.loras()));
    KeepService keeping =
        lifecycle.startPlain(
            "keeping", () -> new KeepService(catalog, dirs.variants(), dirs.images()));
    ProvenanceService provenance =
        lifecycle.startPlain(
            "provenance",
            () ->
                new ProvenanceService(
                    catalog,
                    licenses,
                    keeping,
                    dirs.c2paCertificates(),
                    InstallId.loadOrCreate(dirs.data()),
                    clock));
    MintWiring mint =
        lifecycle.startPlain(
            "minting",
            () ->
                MintWiring.wire(
                    catalog,
                    new AssetExport(catalog, licenses),
                    () -> settings.ipfsApiUrl().flatMap(IpfsPinner::configured),
                    clock));
    LocalDevnet devnet =
        lifecycle.start(
            "devnet", () -> new LocalDevnet(dirs.devnet(), new DevnetSettings(settings, networks)));
    return new Studio(
        lifecycle,
        dirs,
        settings,
        networks,
        catalog,
        licenses,
        wallet,
        generation,
        keeping,
        provenance,
        mint,
        clock,
        devnet);
  }

  /**
   * Settles mint jobs an earlier process left unfinished, on every saved network that answers
   * within {@code perNetwork}; one that does not is logged and waits for the next call. Safe to
   * call from any thread and more than once (a job is settled once).
   *
   * @return what this call settled, by chain id: the chains whose node answered and had unfinished
   *     jobs
   */
  public Map<Long, Reconciliation> settleUnfinishedMints(Duration perNetwork) {
    Map<Long, Reconciliation> done = mint.recovery().recover(networks.all(), perNetwork);
    done.forEach(
        (chain, r) -> LOG.info("Unfinished mint jobs on chain {} settled: {}", chain, r.summary()));
    synchronized (mintsSettled) {
      done.forEach((chain, r) -> mintsSettled.merge(chain, r, Reconciliation::then));
    }
    return done;
  }

  /** The wallet, with accounts whose catalog row is missing added back and idle ones locked. */
  private static WalletService newWallet(
      AppDirs dirs,
      Settings settings,
      Catalog catalog,
      ScheduledExecutorService timers,
      Clock clock) {
    SecureRandom random = new SecureRandom();
    WalletService w =
        new WalletService(
            new Keystores(dirs.keystores(), ScryptParams.STANDARD, random, clock),
            catalog.wallets(),
            random,
            clock,
            settings.walletAutoLock());
    w.reconcile();
    w.scheduleAutoLock(timers);
    return w;
  }

  /** One daemon thread for short periodic chores (locking idle wallet accounts). */
  private static ScheduledExecutorService newTimers() {
    return Executors.newSingleThreadScheduledExecutor(
        r -> Thread.ofPlatform().daemon().name("atelier-timers").unstarted(r));
  }

  public AppDirs dirs() {
    return dirs;
  }

  public Settings settings() {
    return settings;
  }

  /** The networks the user can mint on, as saved in the settings. */
  public SavedNetworks networks() {
    return networks;
  }

  public Catalog catalog() {
    return catalog;
  }

  /** License terms: the built-ins and the artist's own. */
  public LicenseService licenses() {
    return licenses;
  }

  public WalletService wallet() {
    return wallet;
  }

  /**
   * Loading models and generating: the one model kept loaded between runs, closed when the studio
   * stops.
   */
  public GenerationSession generation() {
    return generation;
  }

  /** Keeping variants (the studio's Keep, and signing). */
  public KeepService keeping() {
    return keeping;
  }

  /** Signing an asset's provenance into its image. */
  public ProvenanceService provenance() {
    return provenance;
  }

  /** The collection contracts assets are minted into. */
  public CollectionService collections() {
    return mint.collections();
  }

  /** Checks and prices mints before anything is signed. */
  public MintPlanner mintPlanner() {
    return mint.planner();
  }

  /** Crash-safe minting of a checked plan. */
  public Minter minter() {
    return mint.minter();
  }

  /** Checks, groups, signs and prices mints into a version 2 collection, sending nothing. */
  public BatchPlanner batchPlanner() {
    return mint.batchPlanner();
  }

  /** Crash-safe minting of a checked batch plan into a version 2 collection. */
  public BatchMinter batchMinter() {
    return mint.batchMinter();
  }

  /** Settles unfinished mint jobs of one chain. */
  public Reconciler mintReconciler() {
    return mint.reconciler();
  }

  /** Settles unfinished mint jobs of every configured chain, as the studio does at start-up. */
  public StartupRecovery mintRecovery() {
    return mint.recovery();
  }

  /** Everything {@link #settleUnfinishedMints} settled since this studio started, by chain id. */
  public Map<Long, Reconciliation> mintsSettled() {
    synchronized (mintsSettled) {
      return Map.copyOf(mintsSettled);
    }
  }

  /** Reads minted tokens back and checks their provenance. */
  public OnChainCheck onChainCheck() {
    return mint.onChain();
  }

  /**
   * The user's local devnet. Starting the studio starts no node; the studio window calls {@link
   * LocalDevnet#resume()} (off the UI thread) to bring it back when the user left it running, and
   * closing the studio stops a node that it started (the chain is kept).
   */
  public LocalDevnet devnet() {
    return devnet;
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

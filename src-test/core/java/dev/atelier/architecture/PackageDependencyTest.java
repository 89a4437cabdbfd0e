package dev.atelier.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import dev.atelier.AppInfo;
import dev.atelier.Studio;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Which core package may use which. {@link #ALLOWED} is the source of truth: a package uses only
 * the packages listed for it. Two classes of the root package stand apart: {@link Studio}, the
 * composition root, uses them all and nothing uses it; {@link AppInfo} (name and version) uses
 * nothing and anything may use it. A new package, or a new dependency between packages, starts
 * here, and {@code docs/ARCHITECTURE.md} says the same in words.
 */
class PackageDependencyTest {

  private static final JavaClasses CORE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.atelier");

  private static final String APP_INFO = "app info";

  /** Each core package (under {@code dev.atelier}) and the packages it may use. */
  static final Map<String, List<String>> ALLOWED = new LinkedHashMap<>();

  static {
    // Foundations: they use no other Atelier package.
    allow("io"); // atomic file writes, failures in words, small I/O helpers
    allow("hashing"); // SHA-256, Merkle roots
    allow("ethereum"); // addresses (EIP-55) and ether amounts as text
    allow("task"); // progress and cancel of long work
    allow("png"); // PNG text chunks, read from any PNG and written into Atelier's
    allow("lifecycle", "io"); // ordered start, reverse stop
    allow("catalog"); // the SQLite catalog: rows and their stores
    // Domain services over the catalog.
    allow("license", "catalog", "hashing"); // license terms, built-in and the artist's
    allow("wallet", "catalog"); // keystores, accounts, unlocking and signing keys
    allow("c2pa", "io", "wallet"); // C2PA manifests in PNG files
    // The chain: JSON-RPC, transactions, the collection contract, Anvil devnets; plain values in.
    allow("chain", "ethereum", "io", "wallet");
    // The user's folders and preferences, including the saved networks and the devnet's memory.
    allow("config", "io", "chain");
    // The DJL engine: where its libraries come from (saved in settings), devices, what runs.
    allow("engine", "config", "io", "task");
    // Making images.
    allow("diffusion", "engine", "hashing", "task"); // model files and kinds, samplers
    allow("generate", "catalog", "diffusion", "engine", "hashing", "io", "png", "task");
    allow("batch", "catalog", "diffusion", "generate", "hashing", "io", "task");
    // Signing what was made, exporting it, minting it.
    allow(
        "provenance",
        "c2pa",
        "catalog",
        "diffusion",
        "ethereum",
        "generate",
        "hashing",
        "io",
        "license",
        "wallet");
    // The settings an image was made with, from its provenance record or its parameters text.
    allow("imagesettings", "c2pa", "catalog", "diffusion", "generate", "png", "provenance");
    allow("content", "c2pa", "catalog", "hashing", "io", "license", "provenance");
    allow("mint", "catalog", "chain", "content", "provenance", "wallet");
    // Measurements: may use any service, and nothing uses them.
    allow(
        "bench",
        "catalog",
        "chain",
        "diffusion",
        "engine",
        "generate",
        "license",
        "mint",
        "provenance",
        "task",
        "wallet");
  }

  private static void allow(String pkg, String... uses) {
    ALLOWED.put(pkg, List.of(uses));
  }

  /** The layered rule built from {@link #ALLOWED}; {@code studio} is the root package. */
  static LayeredArchitecture layers() {
    LayeredArchitecture rule =
        layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("studio")
            .definedBy(JavaClass.Predicates.belongToAnyOf(Studio.class))
            .layer(APP_INFO)
            .definedBy(JavaClass.Predicates.belongToAnyOf(AppInfo.class));
    for (String pkg : ALLOWED.keySet()) {
      rule = rule.layer(pkg).definedBy("dev.atelier." + pkg + "..");
    }
    rule =
        rule.whereLayer("studio")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer(APP_INFO)
            .mayNotAccessAnyLayer();
    for (Map.Entry<String, List<String>> e : ALLOWED.entrySet()) {
      // Every package may read the app's name and version.
      String[] uses =
          Stream.concat(e.getValue().stream(), Stream.of(APP_INFO)).toArray(String[]::new);
      rule = rule.whereLayer(e.getKey()).mayOnlyAccessLayers(uses);
    }
    return rule;
  }

  @Test
  void packagesUseOnlyThePackagesTheTableAllows() {
    layers().check(CORE);
  }

  @Test
  void corePackagesAreFreeOfCycles() {
    slices().matching("dev.atelier.(*)..").should().beFreeOfCycles().check(CORE);
  }

  @Test
  void everyCorePackageIsInTheTable() {
    String[] known =
        ALLOWED.keySet().stream().map(p -> "dev.atelier." + p + "..").toArray(String[]::new);
    classes()
        .that()
        .resideOutsideOfPackage("dev.atelier")
        .should()
        .resideInAnyPackage(known)
        .because("a new package gets its row in the allowed-dependency table")
        .check(CORE);
  }

  @Test
  void theTableHasNoCycleAndNamesOnlyItsOwnPackages() {
    for (Map.Entry<String, List<String>> e : ALLOWED.entrySet()) {
      assertThat(ALLOWED.keySet()).containsAll(e.getValue());
      assertThat(e.getValue()).doesNotContain(e.getKey());
    }
    // Each package may use only packages listed above it: the table is an order, so no cycle.
    List<String> order = List.copyOf(ALLOWED.keySet());
    ALLOWED.forEach(
        (pkg, uses) ->
            uses.forEach(used -> assertThat(order.indexOf(used)).isLessThan(order.indexOf(pkg))));
  }
}

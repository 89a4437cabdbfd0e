package dev.atelier.catalog;

import static dev.atelier.catalog.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.catalog.MintJob.State;
import dev.atelier.catalog.MintJobRepository.Update;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoriesTest {

  @TempDir Path dir;
  private Catalog catalog;

  @BeforeEach
  void open() {
    catalog = Catalog.open(dir.resolve("catalog.db"));
    catalog.models().save(Fixtures.model());
  }

  @AfterEach
  void close() {
    catalog.close();
  }

  @Test
  void modelsRoundTripAndUpdateInPlace() {
    assertThat(catalog.models().find("atelier-tiny@1")).contains(Fixtures.model());
    ModelEntry moved =
        new ModelEntry(
            "atelier-tiny@1",
            "atelier-tiny",
            "1",
            "builtin",
            Fixtures.hex64(9),
            null,
            "CC0-1.0",
            "/elsewhere",
            T0);
    catalog.models().save(moved);
    assertThat(catalog.models().list()).containsExactly(moved);
  }

  @Test
  void generationWithVariantsRoundTrips() {
    Generation g = catalog.generations().insert(Fixtures.generation("sunset over waves", 2));
    assertThat(g.id()).isPositive();
    Asset a0 = catalog.assets().insert(Fixtures.variant(g.id(), 0));
    Asset a1 = catalog.assets().insert(Fixtures.variant(g.id(), 1));
    catalog.generations().finish(g.id(), Generation.Status.DONE, T0.plusSeconds(3));

    Generation stored = catalog.generations().find(g.id()).orElseThrow();
    assertThat(stored.status()).isEqualTo(Generation.Status.DONE);
    assertThat(stored.finishedAt()).isEqualTo(T0.plusSeconds(3));
    assertThat(stored.prompt()).isEqualTo("sunset over waves");
    assertThat(catalog.assets().ofGeneration(g.id())).containsExactly(a0, a1);

    catalog.assets().keep(a1.id(), "/out/a1.png", Fixtures.hex64(55));
    assertThat(catalog.assets().kept(10))
        .singleElement()
        .satisfies(
            k -> {
              assertThat(k.id()).isEqualTo(a1.id());
              assertThat(k.filePath()).isEqualTo("/out/a1.png");
            });
  }

  @Test
  void foreignKeysAndChecksRejectBadRows() {
    assertThatThrownBy(() -> catalog.assets().insert(Fixtures.variant(999, 0)))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("FOREIGN KEY");
    Generation g = catalog.generations().insert(Fixtures.generation("p", 1));
    catalog.assets().insert(Fixtures.variant(g.id(), 0));
    assertThatThrownBy(() -> catalog.assets().insert(Fixtures.variant(g.id(), 0)))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("UNIQUE");
    Generation noModel =
        new Generation(
            0,
            "missing@1",
            "p",
            "",
            1,
            "ddim",
            10,
            1,
            64,
            64,
            1,
            Generation.Status.RUNNING,
            T0,
            null);
    assertThatThrownBy(() -> catalog.generations().insert(noModel))
        .isInstanceOf(CatalogException.class);
  }

  @Test
  void interruptedGenerationsAreMarkedInterruptedAtStartUp() {
    Generation running = catalog.generations().insert(Fixtures.generation("a", 1));
    Generation done = catalog.generations().insert(Fixtures.generation("b", 1));
    catalog.generations().finish(done.id(), Generation.Status.DONE, T0);
    assertThat(catalog.generations().markInterrupted(T0.plusSeconds(60))).isEqualTo(1);
    assertThat(catalog.generations().find(running.id()).orElseThrow().status())
        .isEqualTo(Generation.Status.INTERRUPTED);
    assertThat(catalog.generations().find(done.id()).orElseThrow().status())
        .isEqualTo(Generation.Status.DONE);
    assertThat(catalog.generations().recent(10))
        .extracting(Generation::prompt)
        .containsExactly("b", "a");
    assertThat(catalog.generations().count()).isEqualTo(2);
  }

  @Test
  void licensesWalletsCollectionsAndProvenance() {
    catalog.licenses().save(Fixtures.cc0());
    assertThat(catalog.licenses().find("CC0-1.0")).contains(Fixtures.cc0());

    WalletAccount w =
        new WalletAccount(
            "0x" + "AB".repeat(20), "Main", "m/44'/60'/0'/0/0", "/keys/main.json", T0);
    catalog.wallets().add(w);
    assertThat(catalog.wallets().find("0x" + "ab".repeat(20))).contains(w);
    assertThatThrownBy(
            () -> catalog.wallets().add(new WalletAccount("0x1234", "short", null, "/k", T0)))
        .isInstanceOf(CatalogException.class);

    CollectionEntry c = catalog.collections().add(Fixtures.collection());
    assertThat(catalog.collections().onChain(31337)).containsExactly(c);
    assertThat(catalog.collections().onChain(1)).isEmpty();

    Generation g = catalog.generations().insert(Fixtures.generation("p", 1));
    Asset a = catalog.assets().insert(Fixtures.variant(g.id(), 0));
    ProvenanceEntry first =
        catalog
            .provenance()
            .insert(
                new ProvenanceEntry(
                    0,
                    a.id(),
                    "{}",
                    Fixtures.hex64(3),
                    w.address(),
                    "CC0-1.0",
                    "0xsig",
                    null,
                    T0,
                    null,
                    null));
    ProvenanceEntry second =
        catalog
            .provenance()
            .insert(
                new ProvenanceEntry(
                    0,
                    a.id(),
                    "{\"v\":2}",
                    Fixtures.hex64(4),
                    w.address(),
                    "CC0-1.0",
                    "0xsig2",
                    Fixtures.hex64(5),
                    T0.plusSeconds(1),
                    31337L,
                    Fixtures.hex64(6)));
    assertThat(second.id()).isGreaterThan(first.id());
    assertThat(catalog.provenance().latestFor(a.id())).contains(second);
    assertThatThrownBy(
            () ->
                catalog
                    .provenance()
                    .insert(
                        new ProvenanceEntry(
                            0,
                            a.id(),
                            "{}",
                            Fixtures.hex64(3),
                            w.address(),
                            "NOT-A-LICENSE",
                            null,
                            null,
                            T0,
                            null,
                            null)))
        .isInstanceOf(CatalogException.class);
  }

  @Test
  void mintJobFollowsItsStateMachine() {
    Generation g = catalog.generations().insert(Fixtures.generation("p", 1));
    Asset a = catalog.assets().insert(Fixtures.variant(g.id(), 0));
    CollectionEntry c = catalog.collections().add(Fixtures.collection());
    MintJobRepository jobs = catalog.mintJobs();

    MintJob job = jobs.create(a.id(), c.id(), T0);
    assertThat(job.state()).isEqualTo(State.PENDING);
    assertThatThrownBy(() -> jobs.create(a.id(), c.id(), T0))
        .as("one live job per asset and collection")
        .isInstanceOf(CatalogException.class);

    assertThatThrownBy(() -> jobs.advance(job.id(), State.PENDING, State.SENT, Update.NONE, T0))
        .isInstanceOf(IllegalStateException.class);
    jobs.advance(
        job.id(),
        State.PENDING,
        State.SIGNED,
        Update.signed(7, "0xf86b", "0x" + "ab".repeat(32)),
        T0);
    assertThatThrownBy(() -> jobs.advance(job.id(), State.PENDING, State.SIGNED, Update.NONE, T0))
        .as("a second process cannot advance from a stale state")
        .hasMessageContaining("is SIGNED");
    jobs.advance(job.id(), State.SIGNED, State.SENT, Update.sent("0x" + "11".repeat(32)), T0);
    assertThat(jobs.unfinished()).extracting(MintJob::id).containsExactly(job.id());

    MintJob done =
        jobs.advance(
            job.id(), State.SENT, State.CONFIRMED, Update.confirmed("1", 12), T0.plusSeconds(5));
    assertThat(done.nonce()).isEqualTo(7);
    assertThat(done.signedTx()).isEqualTo("0xf86b");
    assertThat(done.txHash()).isEqualTo("0x" + "11".repeat(32));
    assertThat(done.tokenId()).isEqualTo("1");
    assertThat(done.blockNumber()).isEqualTo(12);
    assertThat(done.updatedAt()).isEqualTo(T0.plusSeconds(5));
    assertThat(jobs.unfinished()).isEmpty();
    assertThat(State.CONFIRMED.isFinal()).isTrue();
  }

  @Test
  void theDatabaseRefusesAConfirmedJobWithoutItsReceiptData() {
    Generation g = catalog.generations().insert(Fixtures.generation("p", 1));
    Asset a = catalog.assets().insert(Fixtures.variant(g.id(), 0));
    CollectionEntry c = catalog.collections().add(Fixtures.collection());
    MintJob job = catalog.mintJobs().create(a.id(), c.id(), T0);
    catalog.mintJobs().advance(job.id(), State.PENDING, State.SIGNED, Update.NONE, T0);
    assertThatThrownBy(
            () -> catalog.mintJobs().advance(job.id(), State.SIGNED, State.SENT, Update.NONE, T0))
        .as("SENT needs a tx hash")
        .isInstanceOf(CatalogException.class);
    assertThat(catalog.mintJobs().find(job.id()).orElseThrow().state()).isEqualTo(State.SIGNED);
  }
}

package dev.atelier.catalog;

import java.nio.file.Path;
import java.time.Instant;

/**
 * Child-process side of {@link CrashSafetyTest}: writes generations with their variants in
 * transactions forever, reporting each transaction's progress on stdout, until it is killed.
 */
public final class CrashWriter {

  static final int VARIANTS = 8;

  private CrashWriter() {}

  public static void main(String[] args) throws Exception {
    try (Catalog catalog = Catalog.open(Path.of(args[0]))) {
      catalog.models().save(Fixtures.model());
      while (true) {
        catalog.inTransaction(
            () -> {
              Generation g = catalog.generations().insert(Fixtures.generation("crash", VARIANTS));
              for (int i = 0; i < VARIANTS; i++) {
                catalog.assets().insert(Fixtures.variant(g.id(), i));
                if (i == VARIANTS / 2) {
                  // Tell the parent we are half-way through this transaction, then give it
                  // time to kill us right here.
                  System.out.println("mid " + g.id());
                  System.out.flush();
                  sleep();
                }
              }
              catalog.generations().finish(g.id(), Generation.Status.DONE, Instant.now());
              return null;
            });
        System.out.println("committed");
        System.out.flush();
      }
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package dev.atelier.mint;

import static dev.atelier.mint.MintExceptionTest.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.catalog.MintJob.State;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What reconciling found, in the same words wherever it is done, and two rounds as one. */
class ReconciliationTest {

  @Test
  void twoRoundsOnOneChainReadAsOneWithEachJobInItsLatestState() {
    Reconciliation atStart =
        new Reconciliation(
            31337, List.of(job(1, 7, State.SENT, "0xaa"), job(2, 8, State.FAILED, "0xbb")), 1);
    Reconciliation later =
        new Reconciliation(31337, List.of(job(1, 7, State.CONFIRMED, "0xaa")), 0);

    Reconciliation both = atStart.then(later);

    assertThat(both.jobs())
        .extracting(j -> j.state())
        .containsExactly(State.CONFIRMED, State.FAILED);
    assertThat(both.resent()).isEqualTo(1);
    assertThat(both.summary()).isEqualTo("1 confirmed, 1 failed, 0 waiting, 1 sent again");
    assertThat(atStart.summary()).isEqualTo("0 confirmed, 1 failed, 1 waiting, 1 sent again");
    assertThatThrownBy(() -> atStart.then(new Reconciliation(1, List.of(), 0)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

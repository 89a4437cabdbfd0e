package dev.atelier.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.atelier.wallet.WalletException.Reason;
import org.assertj.core.api.AbstractStringAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions about wallet failures. */
final class WalletAssertions {

  private WalletAssertions() {}

  /** Asserts {@code call} fails with {@code reason}; returns an assertion on the message. */
  static AbstractStringAssert<?> assertFails(ThrowingCallable call, Reason reason) {
    WalletException e = catchThrowableOfType(WalletException.class, call);
    assertThat(e).as("expected a WalletException with reason %s", reason).isNotNull();
    assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
    return assertThat(e.getMessage());
  }
}

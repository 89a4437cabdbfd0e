package dev.atelier.cli;

import dev.atelier.mint.MintException;
import java.util.Optional;

/**
 * The command to run next for a mint failure, built from its reason and fields: the core says what
 * is wrong in plain words, the command line says which command puts it right.
 */
final class MintHints {

  private MintHints() {}

  /** The line to print under the failure's message; empty when there is nothing to suggest. */
  static Optional<String> forFailure(Throwable failure) {
    if (!(failure instanceof MintException e)) {
      return Optional.empty();
    }
    return switch (e.reason()) {
      case NOT_FOUND ->
          e.collectionId().isPresent()
              ? Optional.of("see: atelier collection list")
              : Optional.of("see: atelier catalog list");
      case NOT_SIGNED ->
          e.chainId().isPresent() && e.assetId().isPresent()
              ? Optional.of(
                  "run: atelier sign "
                      + e.assetId().getAsLong()
                      + " --license "
                      + e.licenseId().orElse("ID")
                      + " --chain-id "
                      + e.chainId().getAsLong())
              : Optional.empty();
      case IN_PROGRESS -> Optional.of("see: atelier mint status");
      case NOT_OWNER, ALREADY_MINTED, PINNING, OTHER_VERSION -> Optional.empty();
    };
  }
}

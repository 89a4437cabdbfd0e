package dev.atelier.cli;

import dev.atelier.catalog.CatalogException;
import dev.atelier.chain.ChainException;
import dev.atelier.diffusion.ModelIntegrityException;
import dev.atelier.license.LicenseNotFoundException;
import dev.atelier.lifecycle.StartupException;
import dev.atelier.mint.MintException;
import dev.atelier.provenance.ProvenanceException;
import dev.atelier.wallet.WalletException;
import java.io.FileNotFoundException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CancellationException;
import picocli.CommandLine;
import picocli.CommandLine.IExitCodeExceptionMapper;

/**
 * The exit codes of {@code atelier}, and the one place that maps a failure to its code. Scripts may
 * rely on these numbers.
 */
public final class ExitCodes implements IExitCodeExceptionMapper {

  /** Success. */
  public static final int OK = 0;

  /** An unexpected failure: a bug or an environment problem; details are in the message. */
  public static final int FAILURE = 1;

  /** The command line itself is wrong (unknown option, missing argument). */
  public static final int USAGE = CommandLine.ExitCode.USAGE;

  /** The input is wrong: a bad value, a malformed file. */
  public static final int BAD_INPUT = 3;

  /** A file, asset or record named on the command line does not exist. */
  public static final int NOT_FOUND = 4;

  /** The catalog could not be opened, read or written. */
  public static final int CATALOG = 5;

  /** A model's files are missing, truncated or altered. */
  public static final int MODEL = 6;

  /** Wrong password, a locked account or a damaged keystore. */
  public static final int WALLET = 7;

  /** A file's provenance does not verify, or it has none ({@code atelier verify}). */
  public static final int UNVERIFIED = 8;

  /**
   * The network failed or refused: node down, wrong chain id, unfunded wallet, a reverted or
   * refused transaction, an IPFS node that could not pin.
   */
  public static final int CHAIN = 9;

  /** Transactions were sent but not yet confirmed; {@code atelier mint status} follows them. */
  public static final int MINT_PENDING = 10;

  /** The user cancelled (Ctrl+C) or the work was interrupted. */
  public static final int CANCELLED = 130;

  @Override
  public int getExitCode(Throwable t) {
    return codeFor(t);
  }

  /** The exit code for a failure, looking through start-up wrappers to the real cause. */
  public static int codeFor(Throwable t) {
    Throwable cause = t instanceof StartupException && t.getCause() != null ? t.getCause() : t;
    if (cause instanceof CatalogException) {
      return CATALOG;
    }
    if (cause instanceof ModelIntegrityException) {
      return MODEL;
    }
    if (cause instanceof WalletException w) {
      return switch (w.reason()) {
        case WRONG_PASSWORD, LOCKED, BAD_KEYSTORE -> WALLET;
        case NOT_FOUND -> NOT_FOUND;
        case STORAGE -> w.getCause() instanceof CatalogException ? CATALOG : FAILURE;
        default -> BAD_INPUT;
      };
    }
    if (cause instanceof ProvenanceException p) {
      return switch (p.reason()) {
        case NOT_FOUND -> NOT_FOUND;
        case FILE_CHANGED -> BAD_INPUT;
        case CATALOG -> CATALOG;
      };
    }
    if (cause instanceof ChainException c) {
      return switch (c.reason()) {
        // An RPC URL and a chain id that do not belong together are the user's input.
        case WRONG_CHAIN -> BAD_INPUT;
        // Anvil missing or not starting is this machine's set-up, not the network.
        case DEVNET -> FAILURE;
        default -> CHAIN;
      };
    }
    if (cause instanceof MintException m) {
      return switch (m.reason()) {
        case NOT_FOUND -> NOT_FOUND;
        case PINNING -> CHAIN;
        case NOT_SIGNED, NOT_OWNER, ALREADY_MINTED, IN_PROGRESS, OTHER_VERSION -> BAD_INPUT;
      };
    }
    if (cause instanceof LicenseNotFoundException) {
      return NOT_FOUND;
    }
    if (cause instanceof NoSuchFileException || cause instanceof FileNotFoundException) {
      return NOT_FOUND;
    }
    if (cause instanceof IllegalArgumentException) {
      return BAD_INPUT;
    }
    if (cause instanceof CancellationException || cause instanceof InterruptedException) {
      return CANCELLED;
    }
    if (cause instanceof CommandLine.ParameterException) {
      return USAGE;
    }
    return FAILURE;
  }
}

package dev.atelier.cli;

import dev.atelier.Studio;
import dev.atelier.catalog.WalletAccount;
import dev.atelier.wallet.MnemonicBackup;
import dev.atelier.wallet.Signature;
import dev.atelier.wallet.Signatures;
import dev.atelier.wallet.UnlockedAccount;
import dev.atelier.wallet.WalletService;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code atelier wallet ...}: the built-in wallet. Secrets (passwords, recovery phrases, keys) are
 * read from the terminal without echo, or line by line from standard input when there is no
 * terminal — never from the command line, where they would land in shell history.
 */
@Command(
    name = "wallet",
    description = "Create, import, list and export wallet accounts; check signing.",
    mixinStandardHelpOptions = true,
    subcommands = {
      WalletCommand.ListCommand.class,
      WalletCommand.CreateCommand.class,
      WalletCommand.ImportCommand.class,
      WalletCommand.ExportCommand.class,
      WalletCommand.SignTestCommand.class
    })
final class WalletCommand {

  @ParentCommand AtelierCli root;

  /** A new password, typed twice. */
  static char[] newPassword(AtelierCli root) {
    char[] first = root.secret("New password (10+ characters, two kinds): ");
    char[] again = root.secret("Same password again: ");
    try {
      if (!Arrays.equals(first, again)) {
        Arrays.fill(first, '\0');
        throw new IllegalArgumentException("The two passwords differ; nothing was stored.");
      }
      return first;
    } finally {
      Arrays.fill(again, '\0');
    }
  }

  /** {@code atelier wallet list}. */
  @Command(
      name = "list",
      description = "List accounts (public addresses).",
      mixinStandardHelpOptions = true)
  static final class ListCommand implements Callable<Integer> {
    @ParentCommand WalletCommand parent;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Studio studio = parent.root.startStudio()) {
        List<WalletAccount> accounts = studio.wallet().accounts();
        if (accounts.isEmpty()) {
          out.println("No wallet accounts yet: atelier wallet create (or import)");
        }
        for (WalletAccount a : accounts) {
          out.printf(
              "%s  %-16s %s%n",
              a.address(),
              a.label(),
              a.derivationPath() == null ? "(imported key)" : a.derivationPath());
        }
        return ExitCodes.OK;
      }
    }
  }

  /** {@code atelier wallet create}. */
  @Command(
      name = "create",
      description = "Create an account from a new recovery phrase, shown once and checked.",
      mixinStandardHelpOptions = true)
  static final class CreateCommand implements Callable<Integer> {
    @ParentCommand WalletCommand parent;
    @Spec CommandSpec spec;

    @Option(
        names = "--words",
        defaultValue = "12",
        description = "12 or 24 words (default ${DEFAULT-VALUE}).")
    int words;

    @Option(names = "--label", defaultValue = "", description = "A name for the account.")
    String label;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Studio studio = parent.root.startStudio();
          MnemonicBackup backup = studio.wallet().start(words)) {
        out.println("Your recovery phrase. Write it down on paper; it is shown only now:");
        char[][] phrase = backup.words();
        for (int i = 0; i < phrase.length; i++) {
          out.printf("%2d. %s%n", i + 1, new String(phrase[i]));
          Arrays.fill(phrase[i], '\0');
        }
        out.println("To check your copy, type the words asked for.");
        out.flush();
        List<char[]> answers = new ArrayList<>();
        try {
          for (int position : backup.challenge()) {
            answers.add(parent.root.secret("Word #" + position + ": "));
          }
          char[] password = newPassword(parent.root);
          try {
            WalletAccount account = studio.wallet().confirm(backup, answers, password, label);
            out.println("Created " + account.address() + " (" + account.derivationPath() + ")");
          } finally {
            Arrays.fill(password, '\0');
          }
        } finally {
          answers.forEach(a -> Arrays.fill(a, '\0'));
        }
        return ExitCodes.OK;
      }
    }
  }

  /** {@code atelier wallet import}. */
  @Command(
      name = "import",
      description = {
        "Import an account from a recovery phrase or a private key (typed, not passed).",
        "Secrets are typed at the terminal without echo. Without a terminal, standard input gives"
            + " one secret a line, in this order: (1) the recovery phrase or the private key,"
            + " (2) the BIP-39 passphrase, only with --passphrase, (3) the new password,"
            + " (4) the new password again. Any further line is refused, and nothing is stored."
      },
      mixinStandardHelpOptions = true)
  static final class ImportCommand implements Callable<Integer> {
    @ParentCommand WalletCommand parent;
    @Spec CommandSpec spec;

    static final class Kind {
      @Option(names = "--mnemonic", required = true, description = "Type a recovery phrase.")
      boolean mnemonic;

      @Option(names = "--private-key", required = true, description = "Type a private key (hex).")
      boolean privateKey;
    }

    @ArgGroup(multiplicity = "1")
    Kind kind;

    @Option(
        names = "--passphrase",
        description =
            "The phrase has a BIP-39 passphrase (the optional \"25th word\"): ask for it after"
                + " the phrase. Without this option no passphrase is used. A different passphrase"
                + " gives a different account.")
    boolean passphrase;

    @Option(
        names = "--index",
        defaultValue = "0",
        description = "Account number of the phrase (default ${DEFAULT-VALUE}).")
    int index;

    @Option(names = "--label", defaultValue = "", description = "A name for the account.")
    String label;

    @Override
    public Integer call() {
      if (index < 0) {
        throw new IllegalArgumentException("--index must not be negative");
      }
      if (passphrase && !kind.mnemonic) {
        throw new IllegalArgumentException(
            "--passphrase goes with --mnemonic: a private key has no passphrase");
      }
      try (Studio studio = parent.root.startStudio()) {
        WalletService wallet = studio.wallet();
        char[] secret =
            parent.root.secret(kind.mnemonic ? "Recovery phrase: " : "Private key (hex): ");
        char[] words = passphrase ? parent.root.secret("BIP-39 passphrase: ") : new char[0];
        char[] password = null;
        try {
          password = newPassword(parent.root);
          parent.root.refuseFurtherInput(
              passphrase
                  ? "the phrase, the passphrase and the new password twice"
                  : kind.mnemonic
                      ? "the phrase and the new password twice (a passphrase needs --passphrase)"
                      : "the key and the new password twice");
          WalletAccount account =
              kind.mnemonic
                  ? wallet.importMnemonic(secret, words, index, password, label)
                  : wallet.importPrivateKey(secret, password, label);
          spec.commandLine().getOut().println("Imported " + account.address());
          return ExitCodes.OK;
        } finally {
          Arrays.fill(secret, '\0');
          Arrays.fill(words, '\0');
          if (password != null) {
            Arrays.fill(password, '\0');
          }
        }
      }
    }
  }

  /** {@code atelier wallet export}. */
  @Command(
      name = "export",
      description = "Copy an account's encrypted keystore file.",
      mixinStandardHelpOptions = true)
  static final class ExportCommand implements Callable<Integer> {
    @ParentCommand WalletCommand parent;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "ADDRESS")
    String address;

    @Option(names = "--out", required = true, description = "File or folder to write.")
    Path out;

    @Override
    public Integer call() {
      try (Studio studio = parent.root.startStudio()) {
        Path written = studio.wallet().export(address, out);
        spec.commandLine().getOut().println("Keystore written to " + written);
        return ExitCodes.OK;
      }
    }
  }

  /** {@code atelier wallet sign-test}. */
  @Command(
      name = "sign-test",
      description =
          "Unlock an account, sign a message (EIP-191) and typed data (EIP-712), verify both.",
      mixinStandardHelpOptions = true)
  static final class SignTestCommand implements Callable<Integer> {
    @ParentCommand WalletCommand parent;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "ADDRESS")
    String address;

    static final String TYPED_DATA =
        """
        {"types":{"EIP712Domain":[{"name":"name","type":"string"},{"name":"version","type":"string"},\
        {"name":"chainId","type":"uint256"}],"SignTest":[{"name":"purpose","type":"string"},\
        {"name":"nonce","type":"uint256"}]},"primaryType":"SignTest",\
        "domain":{"name":"Atelier","version":"1","chainId":31337},\
        "message":{"purpose":"Atelier wallet sign-test","nonce":1}}""";

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Studio studio = parent.root.startStudio()) {
        char[] password = parent.root.secret("Password for " + address + ": ");
        try (UnlockedAccount account = studio.wallet().unlock(address, password)) {
          byte[] message = "Atelier wallet sign-test".getBytes(StandardCharsets.UTF_8);
          Signature personal = account.signPersonalMessage(message);
          String signer = Signatures.recoverPersonalMessageSigner(message, personal.value());
          out.println("EIP-191 " + personal.value() + " recovers " + signer);
          Signature typed = account.signTypedData(TYPED_DATA);
          String typedSigner = Signatures.recoverTypedDataSigner(TYPED_DATA, typed.value());
          out.println("EIP-712 " + typed.value() + " recovers " + typedSigner);
          boolean ok =
              signer.equalsIgnoreCase(account.address())
                  && typedSigner.equalsIgnoreCase(account.address());
          out.println(ok ? "OK: both signatures verify" : "MISMATCH");
          return ok ? ExitCodes.OK : ExitCodes.FAILURE;
        } finally {
          Arrays.fill(password, '\0');
        }
      }
    }
  }
}

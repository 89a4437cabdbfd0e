package dev.atelier.cli;

import dev.atelier.Studio;
import dev.atelier.chain.Devnet;
import dev.atelier.provenance.ProvenanceService;
import dev.atelier.wallet.UnlockedAccount;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code atelier sign ASSET... --license ID}: signs assets' provenance with a wallet account and
 * embeds it in their images (EIP-712 signature + C2PA manifest).
 */
@Command(
    name = "sign",
    description =
        "Sign assets' provenance with your wallet and embed it in their PNGs (C2PA manifest +"
            + " EIP-712 signature). Asset ids are in: atelier catalog assets.",
    mixinStandardHelpOptions = true)
final class SignCommand implements Callable<Integer> {

  @ParentCommand AtelierCli root;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "ASSET", arity = "1..*", description = "Asset ids.")
  List<Long> assets;

  @Option(
      names = "--license",
      required = true,
      paramLabel = "ID",
      description = "License terms the images carry (see: atelier license list).")
  String license;

  @Option(
      names = "--account",
      paramLabel = "ADDRESS",
      description = "Wallet account that signs (needed when there are several).")
  String account;

  @Option(
      names = "--chain-id",
      paramLabel = "N",
      description =
          "Chain the signature is for: the network you will mint on (default: ${DEFAULT-VALUE},"
              + " the local devnet).",
      defaultValue = "" + Devnet.CHAIN_ID)
  long chainId;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Studio studio = root.startStudio()) {
      studio.licenses().require(license); // unknown terms fail before the password is asked
      String address = AtelierCli.account(studio, account);
      char[] password = root.secret("Password for " + address + ": ");
      try (UnlockedAccount unlocked = studio.wallet().unlock(address, password)) {
        for (long id : assets) {
          ProvenanceService.Signed signed =
              studio.provenance().sign(id, license, chainId, unlocked);
          out.printf(
              "Signed asset %d: %s (%s, chain %d, record %s)%n",
              id, signed.file(), license, chainId, signed.record().recordSha256().substring(0, 12));
        }
      } finally {
        Arrays.fill(password, '\0');
      }
      return ExitCodes.OK;
    }
  }
}

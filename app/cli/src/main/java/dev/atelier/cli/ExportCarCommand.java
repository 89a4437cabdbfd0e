package dev.atelier.cli;

import dev.atelier.Studio;
import dev.atelier.content.AssetExport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code atelier export-car ASSET... --out FILE.car}: the signed images and their token metadata as
 * a CARv1 file, for upload to any IPFS pinning service.
 */
@Command(
    name = "export-car",
    description =
        "Export signed assets (image + token metadata) as a CAR file for an IPFS pinning service."
            + " The metadata CIDs are the roots; each asset's CIDs are printed.",
    mixinStandardHelpOptions = true)
final class ExportCarCommand implements Callable<Integer> {

  @ParentCommand AtelierCli root;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "ASSET", arity = "1..*", description = "Ids of signed assets.")
  List<Long> assets;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE.car",
      description = "The CAR file to write (replaced if it exists).")
  Path out;

  @Override
  public Integer call() {
    PrintWriter w = spec.commandLine().getOut();
    try (Studio studio = root.startStudio()) {
      List<AssetExport.Publishable> written;
      try {
        written = new AssetExport(studio.catalog(), studio.licenses()).writeCar(assets, out);
      } catch (AssetExport.AssetNotSignedException e) {
        throw new IllegalArgumentException(
            e.getMessage() + "; sign it first: atelier sign " + e.assetId() + " --license ID", e);
      }
      for (AssetExport.Publishable p : written) {
        w.printf(
            "Asset %d: image %s, metadata %s%n", p.assetId(), p.image().cid(), p.metadataCid());
      }
      w.printf(
          "Wrote %s: %d asset%s, %d blocks; roots are the metadata CIDs (tokenURI ipfs://<metadata"
              + " CID>)%n",
          out, written.size(), written.size() == 1 ? "" : "s", written.size() * 2);
      return ExitCodes.OK;
    }
  }
}

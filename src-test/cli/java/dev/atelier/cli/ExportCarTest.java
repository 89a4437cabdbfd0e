package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.Studio;
import dev.atelier.catalog.Asset;
import dev.atelier.config.AppDirs;
import dev.atelier.content.Block;
import dev.atelier.content.CarReader;
import dev.atelier.content.Cid;
import dev.atelier.provenance.ProvenanceRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code atelier export-car} end to end: generate two images, sign one, export it as a CAR file and
 * read the file back; an unsigned asset, an unknown one and an image changed after signing are
 * refused without writing anything.
 */
class ExportCarTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path home;

  private CliRun run(String stdin, String... args) {
    return CliRun.of(home, stdin, args);
  }

  @Test
  void exportsSignedAssetsAndRefusesUnsignedOnes() throws Exception {
    CliRun gen =
        run(
            "",
            "generate",
            "-p",
            "mountains in dusk colours",
            "--seed",
            "5",
            "--steps",
            "2",
            "-n",
            "2",
            "--out",
            home.resolve("images").toString());
    assertThat(gen.code()).as(gen.err()).isZero();
    String password = SignAndVerifyTest.PASSWORD;
    CliRun imported =
        run(
            SignAndVerifyTest.KEY + "\n" + password + "\n" + password + "\n",
            "wallet",
            "import",
            "--private-key");
    assertThat(imported.code()).as(imported.err()).isZero();
    List<Asset> assets;
    try (Studio studio = Studio.start(AppDirs.under(home), Clock.systemUTC())) {
      long generation = studio.catalog().generations().recent(1).getFirst().id();
      assets = studio.catalog().assets().ofGeneration(generation);
    }
    long signedId = assets.get(0).id();
    long unsignedId = assets.get(1).id();
    CliRun sign = run(password + "\n", "sign", "" + signedId, "--license", "CC-BY-4.0");
    assertThat(sign.code()).as(sign.err()).isZero();

    Path car = home.resolve("out.car");
    CliRun unsigned =
        run("", "export-car", "" + signedId, "" + unsignedId, "--out", car.toString());
    assertThat(unsigned.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(unsigned.err())
        .contains("Asset " + unsignedId + " is not signed yet")
        .contains("sign it first: atelier sign " + unsignedId + " --license");
    assertThat(car).doesNotExist();
    assertThat(run("", "export-car", "999", "--out", car.toString()).code())
        .isEqualTo(ExitCodes.NOT_FOUND);

    CliRun export = run("", "export-car", "" + signedId, "--out", car.toString());
    assertThat(export.code()).as(export.err()).isZero();

    byte[] image = Files.readAllBytes(Path.of(assets.get(0).filePath()));
    Cid imageCid = Cid.of(image);
    CarReader.Car read = CarReader.read(car);
    assertThat(read.roots()).hasSize(1);
    Cid metadataCid = read.roots().getFirst();
    assertThat(export.out())
        .contains("Asset " + signedId + ": image " + imageCid + ", metadata " + metadataCid)
        .contains("Wrote " + car);
    assertThat(read.blocks()).extracting(Block::cid).containsExactly(imageCid, metadataCid);
    assertThat(read.block(imageCid).orElseThrow().data()).isEqualTo(image);

    JsonNode metadata = JSON.readTree(read.block(metadataCid).orElseThrow().data());
    assertThat(metadata.path("name").asText()).isEqualTo("mountains in dusk colours");
    assertThat(metadata.path("image").asText()).isEqualTo("ipfs://" + imageCid);
    assertThat(metadata.path("license").path("id").asText()).isEqualTo("CC-BY-4.0");
    assertThat(metadata.path("provenance").path("eip712").path("chainId").asLong())
        .isEqualTo(31337);
    ProvenanceRecord record =
        ProvenanceRecord.fromJsonLd(metadata.path("provenance").path("record"));
    assertThat(record.creator()).isEqualTo(SignAndVerifyTest.ADDRESS);
    assertThat(record.seed()).isEqualTo(5);

    // The same asset exported again: the same bytes, so the same CIDs.
    Path again = home.resolve("again.car");
    assertThat(run("", "export-car", "" + signedId, "--out", again.toString()).code()).isZero();
    assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(car));

    // An image changed after signing is not published.
    byte[] changed = image.clone();
    changed[changed.length / 2] ^= 1;
    Files.write(Path.of(assets.get(0).filePath()), changed);
    Path third = home.resolve("third.car");
    CliRun tampered = run("", "export-car", "" + signedId, "--out", third.toString());
    assertThat(tampered.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(tampered.err()).contains("was changed after it was signed");
    assertThat(third).doesNotExist();
  }
}

package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.Studio;
import dev.atelier.c2pa.C2paPng;
import dev.atelier.catalog.Asset;
import dev.atelier.config.AppDirs;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line end to end: generate with the built-in model, import a wallet key, sign two
 * assets, verify them, then verify tampered copies: one pixel changed, manifest stripped.
 */
class SignAndVerifyTest {

  static final String KEY = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
  static final String ADDRESS = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
  static final String PASSWORD = "correct horse battery 42";

  @TempDir Path home;

  private CliRun run(String stdin, String... args) {
    return CliRun.of(home, stdin, args);
  }

  @Test
  void generateSignVerifyAndCatchTampering() throws Exception {
    Path images = home.resolve("images");
    CliRun gen =
        run(
            "",
            "generate",
            "-p",
            "waves in ocean colours",
            "--seed",
            "3",
            "--steps",
            "2",
            "-n",
            "2",
            "--out",
            images.toString());
    assertThat(gen.code()).as(gen.err()).isZero();

    CliRun noAccount = run(PASSWORD + "\n", "sign", "1", "--license", "CC-BY-4.0");
    assertThat(noAccount.code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(noAccount.err()).contains("atelier wallet create");

    CliRun imported =
        run(KEY + "\n" + PASSWORD + "\n" + PASSWORD + "\n", "wallet", "import", "--private-key");
    assertThat(imported.code()).as(imported.err()).isZero();

    List<Asset> assets;
    try (Studio studio = Studio.start(AppDirs.under(home), Clock.systemUTC())) {
      long generation = studio.catalog().generations().recent(1).getFirst().id();
      assets = studio.catalog().assets().ofGeneration(generation);
    }
    assertThat(assets).hasSize(2);
    Path first = Path.of(assets.get(0).filePath());
    byte[] unsigned = Files.readAllBytes(first);

    CliRun unknownLicense = run(PASSWORD + "\n", "sign", "1", "--license", "MIT-ish");
    assertThat(unknownLicense.code()).isEqualTo(ExitCodes.NOT_FOUND);
    CliRun wrongPassword =
        run("not the password 1\n", "sign", "" + assets.get(0).id(), "--license", "CC-BY-4.0");
    assertThat(wrongPassword.code()).isEqualTo(ExitCodes.WALLET);
    assertThat(Files.readAllBytes(first)).as("untouched").isEqualTo(unsigned);

    CliRun sign =
        run(
            PASSWORD + "\n",
            "sign",
            "" + assets.get(0).id(),
            "" + assets.get(1).id(),
            "--license",
            "CC-BY-4.0");
    assertThat(sign.code()).as(sign.err()).isZero();
    assertThat(sign.out()).contains("Signed asset " + assets.get(0).id(), "chain 31337");

    CliRun listed = run("", "catalog", "assets");
    assertThat(listed.out())
        .containsPattern(
            "\\s"
                + assets.get(0).id()
                + "\\s+\\d+\\s+0\\s+\\d+\\s+CC-BY-4.0\\s+"
                + java.util.regex.Pattern.quote(first.toString()));

    CliRun verify = run("", "verify", first.toString(), assets.get(1).filePath());
    assertThat(verify.code()).as(verify.out() + verify.err()).isZero();
    assertThat(verify.out())
        .contains(
            first + ": VERIFIED",
            ADDRESS + " (EIP-712 signature valid, chain 31337)",
            "\"waves in ocean colours\"",
            "seed 3",
            "CC-BY-4.0",
            "terms match Atelier's copy",
            "match the signed record",
            "manifest valid; signed by CN=Atelier artist " + ADDRESS)
        .doesNotContain("✗");

    byte[] signed = Files.readAllBytes(first);
    Path onePixel = home.resolve("one-pixel.png");
    Files.write(onePixel, withOnePixelChanged(signed));
    Path stripped = home.resolve("stripped.png");
    Files.write(stripped, C2paPng.strip(signed));
    Path missing = home.resolve("missing.png");

    CliRun tampered = run("", "verify", onePixel.toString(), stripped.toString());
    assertThat(tampered.code()).isEqualTo(ExitCodes.UNVERIFIED);
    assertThat(tampered.out())
        .contains(
            onePixel + ": NOT VERIFIED",
            "DO NOT match the signed record",
            "manifest INVALID",
            stripped + ": NOT SIGNED",
            "carries no C2PA manifest");
    // The lines under a verdict agree with it: no "valid" signature above NOT VERIFIED.
    assertThat(tampered.out())
        .doesNotContain("signature valid")
        .contains(ADDRESS + " (claimed: their EIP-712 signature, chain 31337, is for a record of")
        .contains("not this file");
    assertThat(run("", "verify", missing.toString()).code()).isEqualTo(ExitCodes.NOT_FOUND);
  }

  /** Re-encodes the image with one pixel off by one level and puts the old manifest back in. */
  private static byte[] withOnePixelChanged(byte[] png) throws Exception {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    image.setRGB(10, 10, image.getRGB(10, 10) ^ 0x000001);
    ByteArrayOutputStream encoded = new ByteArrayOutputStream();
    ImageIO.write(image, "png", encoded);
    byte[] bytes = encoded.toByteArray();
    byte[] store = C2paPng.manifestStore(png).orElseThrow();
    ByteBuffer chunk = ByteBuffer.allocate(12 + store.length);
    chunk.putInt(store.length).put("caBX".getBytes(StandardCharsets.US_ASCII)).put(store);
    CRC32 crc = new CRC32();
    crc.update(chunk.array(), 4, 4 + store.length);
    chunk.putInt((int) crc.getValue());
    int afterIhdr = 8 + 12 + 13;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(bytes, 0, afterIhdr);
    out.write(chunk.array());
    out.write(bytes, afterIhdr, bytes.length - afterIhdr);
    return out.toByteArray();
  }
}

package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.diffusion.sd.RunnableCheckpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Stable Diffusion checkpoint from the command line, as an artist would use one: import the file
 * where it lies, see it listed with its kind and size, generate with it, sign the image and verify
 * that the record names the checkpoint's own SHA-256.
 */
class CheckpointCliTest {

  @TempDir Path home;

  private CliRun run(String stdin, String... args) {
    return CliRun.of(home, stdin, args);
  }

  @Test
  void importListGenerateSignAndVerify() throws Exception {
    Path file = RunnableCheckpoints.write(home.resolve("Downloads/Tiny SD1 v2.safetensors"), 3);
    String sha256 =
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));

    CliRun imported = run("", "models", "import", file.toString(), "--license", "CC-BY-4.0");
    assertThat(imported.code()).as(imported.err()).isZero();
    assertThat(imported.err()).contains("Found Stable Diffusion 1.x, single file", "100%");
    assertThat(imported.out())
        .contains(
            "Imported tiny-sd1-v2@1",
            "SHA-256 " + sha256,
            "short " + sha256.substring(0, 10).toUpperCase(java.util.Locale.ROOT));

    CliRun listed = run("", "models", "list");
    assertThat(listed.out()).containsPattern("tiny-sd1-v2@1\\s+SD checkpoint\\s+\\d+\\.?\\d* MB");

    Path images = home.resolve("images");
    CliRun gen =
        run(
            "",
            "generate",
            "-p",
            "a lighthouse at dusk",
            "--model",
            "tiny-sd1-v2",
            "--size",
            "32x48",
            "--steps",
            "2",
            "-n",
            "1",
            "--seed",
            "5",
            "--out",
            images.toString());
    assertThat(gen.code()).as(gen.err()).isZero();
    Path png = Path.of(gen.out().strip());
    assertThat(png).exists();
    java.awt.image.BufferedImage picture = javax.imageio.ImageIO.read(png.toFile());
    assertThat(picture.getWidth()).isEqualTo(32);
    assertThat(picture.getHeight()).isEqualTo(48);

    CliRun key =
        run(
            SignAndVerifyTest.KEY
                + "\n"
                + SignAndVerifyTest.PASSWORD
                + "\n"
                + SignAndVerifyTest.PASSWORD
                + "\n",
            "wallet",
            "import",
            "--private-key");
    assertThat(key.code()).as(key.err()).isZero();
    CliRun sign = run(SignAndVerifyTest.PASSWORD + "\n", "sign", "1", "--license", "CC-BY-4.0");
    assertThat(sign.code()).as(sign.err()).isZero();

    CliRun verify = run("", "verify", png.toString());
    assertThat(verify.code()).as(verify.out() + verify.err()).isZero();
    assertThat(verify.out())
        .contains(
            png + ": VERIFIED",
            "model     tiny-sd1-v2@1 (weights " + sha256.substring(0, 12) + "…)",
            "32×48",
            "pixels    match the signed record");
  }

  @Test
  void aPickleFileIsRefusedWithTheReason() throws Exception {
    Path ckpt = home.resolve("model.ckpt");
    Files.write(ckpt, new byte[] {(byte) 0x80, 2, 'c', 'x'});
    CliRun refused = run("", "models", "import", ckpt.toString());
    assertThat(refused.code()).isEqualTo(ExitCodes.MODEL);
    assertThat(refused.err()).contains("pickle", ".safetensors");
    assertThat(run("", "models", "list").out()).doesNotContain("model.ckpt");
  }
}

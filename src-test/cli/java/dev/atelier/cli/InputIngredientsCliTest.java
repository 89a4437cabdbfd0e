package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.c2pa.C2paRs;
import dev.atelier.catalog.Catalog;
import dev.atelier.config.AppDirs;
import dev.atelier.diffusion.GrayImage;
import dev.atelier.diffusion.sd.RunnableCheckpoints;
import dev.atelier.hashing.Hashes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A picture made from a start picture with a LoRA, on a small runnable checkpoint and the reference
 * LoRA made for it, signed and verified from the command line: the C2PA manifest names the start
 * picture (parentOf) and the LoRA (inputTo) as ingredients by their files' hashes, {@code verify}
 * lists them, and c2pa-rs, the C2PA reference implementation, validates the file and reports them.
 */
class InputIngredientsCliTest {

  private static final Path LORA =
      Path.of(System.getProperty("atelier.fixtures"), "lora", "lora.safetensors");

  @TempDir Path home;

  private CliRun run(String stdin, String... args) {
    return CliRun.of(home, stdin, args);
  }

  @BeforeEach
  void importCheckpoint() throws IOException {
    Path file = RunnableCheckpoints.write(home.resolve("Downloads/tiny.safetensors"), 7);
    CliRun imported = run("", "models", "import", file.toString());
    assertThat(imported.code()).as(imported.err()).isZero();
  }

  private Path generate(String folder, String... more) throws IOException {
    Path out = home.resolve(folder);
    String[] base = {
      "generate",
      "-p",
      "a red fox",
      "--model",
      "tiny",
      "--steps",
      "4",
      "--size",
      "32",
      "-n",
      "1",
      "--seed",
      "5",
      "--sampler",
      "ddim",
      "--out",
      out.toString()
    };
    CliRun r = run("", Stream.concat(Stream.of(base), Stream.of(more)).toArray(String[]::new));
    assertThat(r.code()).as(r.err()).isZero();
    try (Stream<Path> files = Files.list(out)) {
      return files.filter(f -> f.toString().endsWith(".png")).findFirst().orElseThrow();
    }
  }

  /** Imports the test key and signs the latest generation's picture under CC-BY-4.0. */
  private void signLatest() {
    long asset;
    try (Catalog catalog = Catalog.open(AppDirs.under(home).catalogFile())) {
      long generation = catalog.generations().recent(1).getFirst().id();
      asset = catalog.assets().ofGeneration(generation).getFirst().id();
    }
    String password = SignAndVerifyTest.PASSWORD + "\n";
    CliRun key =
        run(
            SignAndVerifyTest.KEY + "\n" + password + password,
            "wallet",
            "import",
            "--private-key");
    assertThat(key.code()).as(key.err()).isZero();
    CliRun sign = run(password, "sign", Long.toString(asset), "--license", "CC-BY-4.0");
    assertThat(sign.code()).as(sign.err()).isZero();
  }

  @Test
  void aPictureFromAStartPictureAndALoraNamesThemAsIngredientsThatC2paRsValidates()
      throws IOException {
    Path start = generate("start");
    Path png =
        generate(
            "from-start",
            "--init-image",
            start.toString(),
            "--strength",
            "0.6",
            "--lora",
            LORA + ":0.8");
    String startSha = Hashes.sha256Hex(Files.readAllBytes(start));
    String loraSha = Hashes.sha256Hex(Files.readAllBytes(LORA));
    signLatest();

    CliRun verify = run("", "verify", png.toString());
    assertThat(verify.code()).as(verify.out() + verify.err()).isZero();
    assertThat(verify.out())
        .contains(
            png + ": VERIFIED",
            "input     start picture, strength 0.6 (file sha256 " + startSha + ")",
            "input     LoRA, weight 0.8 (file sha256 " + loraSha + ")",
            "C2PA      manifest valid",
            "          ingredient parentOf: Start picture, strength 0.6 (file sha256 "
                + startSha
                + ")",
            "          ingredient inputTo: LoRA, weight 0.8 (file sha256 " + loraSha + ")");

    JsonNode result = C2paRs.run(png);
    assertThat(C2paRs.codes(result, "failure")).containsExactly("signingCredential.untrusted");
    assertThat(C2paRs.codes(result, "success"))
        .contains("claimSignature.validated", "assertion.dataHash.match");
    assertThat(result.path("store").path("validation_state").asText()).isEqualTo("Valid");
    JsonNode manifest =
        result.path("store").path("manifests").path(result.path("activeLabel").asText());
    List<String> ingredients = new ArrayList<>();
    for (JsonNode i : manifest.path("ingredients")) {
      ingredients.add(
          i.path("label").asText()
              + " | "
              + i.path("relationship").asText()
              + " | "
              + i.path("title").asText()
              + " | "
              + i.path("format").asText("-")
              + " | "
              + i.path("instance_id").asText());
    }
    assertThat(ingredients)
        .containsExactly(
            "c2pa.ingredient.v3 | parentOf | Start picture, strength 0.6 | - | nih:sha-256;"
                + startSha,
            "c2pa.ingredient.v3__1 | inputTo | LoRA, weight 0.8 | application/octet-stream"
                + " | nih:sha-256;"
                + loraSha);
    List<String> actions = new ArrayList<>();
    for (JsonNode a : manifest.path("assertions")) {
      if (a.path("label").asText().equals("c2pa.actions.v2")) {
        for (JsonNode action : a.path("data").path("actions")) {
          List<String> named = new ArrayList<>();
          action
              .path("parameters")
              .path("ingredients")
              .forEach(u -> named.add(u.path("url").asText().replaceAll(".*/", "")));
          actions.add(action.path("action").asText() + " " + named);
        }
      }
    }
    assertThat(actions)
        .containsExactly("c2pa.opened [c2pa.ingredient.v3]", "c2pa.edited [c2pa.ingredient.v3__1]");
  }

  @Test
  void anInpaintedPictureIsACompositeWithItsMaskAsAnIngredientThatC2paRsValidates()
      throws IOException {
    Path start = generate("start");
    byte[] half = new byte[32 * 32];
    for (int y = 0; y < 32; y++) {
      java.util.Arrays.fill(half, y * 32, y * 32 + 16, (byte) 255); // the left half repainted
    }
    Path mask = home.resolve("mask.png");
    Files.write(mask, new GrayImage(32, 32, half).toPng());
    Path png =
        generate(
            "inpainted",
            "--init-image",
            start.toString(),
            "--strength",
            "0.8",
            "--mask",
            mask.toString(),
            "--mask-blur",
            "2");
    String maskSha = Hashes.sha256Hex(Files.readAllBytes(mask));
    signLatest();

    CliRun verify = run("", "verify", png.toString());
    assertThat(verify.code()).as(verify.out() + verify.err()).isZero();
    assertThat(verify.out())
        .contains(
            png + ": VERIFIED",
            "          ingredient inputTo: Mask, blur 2 px (file sha256 " + maskSha + ")");

    JsonNode result = C2paRs.run(png);
    assertThat(C2paRs.codes(result, "failure")).containsExactly("signingCredential.untrusted");
    assertThat(result.path("store").path("validation_state").asText()).isEqualTo("Valid");
    JsonNode manifest =
        result.path("store").path("manifests").path(result.path("activeLabel").asText());
    List<String> ingredients = new ArrayList<>();
    manifest
        .path("ingredients")
        .forEach(
            i ->
                ingredients.add(
                    i.path("relationship").asText() + " | " + i.path("instance_id").asText()));
    assertThat(ingredients)
        .containsExactly(
            "parentOf | nih:sha-256;" + Hashes.sha256Hex(Files.readAllBytes(start)),
            "inputTo | nih:sha-256;" + maskSha);
    List<String> sources = new ArrayList<>();
    for (JsonNode a : manifest.path("assertions")) {
      if (a.path("label").asText().equals("c2pa.actions.v2")) {
        a.path("data")
            .path("actions")
            .forEach(
                action ->
                    sources.add(
                        action.path("action").asText()
                            + " "
                            + action.path("digitalSourceType").asText("-")));
      }
    }
    assertThat(sources)
        .containsExactly(
            "c2pa.opened -",
            "c2pa.edited "
                + "http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia");
  }
}

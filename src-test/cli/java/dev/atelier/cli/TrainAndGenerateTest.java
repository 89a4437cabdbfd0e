package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end: train a (very short) model, list it, generate, find it again. */
class TrainAndGenerateTest {

  @TempDir Path home;

  private CliRun run(String... args) {
    return CliRun.of(home, "", args);
  }

  @Test
  void aRunStoppedAfterAStepRecordsItsWholeScheduleAndItsStyleWeights() throws Exception {
    Path model = home.resolve("data/models/early");
    CliRun train =
        run(
            "train",
            "--out",
            model.toString(),
            "--name",
            "early",
            "--steps",
            "4",
            "--stop-after",
            "2",
            "--batch",
            "2",
            "--dataset-size",
            "36",
            "--refine-channels",
            "0",
            "--style-weights",
            "flow_field=3,Geometric=2");
    assertThat(train.code()).as(train.err()).isZero();
    String manifest = Files.readString(model.resolve("model.json"));
    assertThat(manifest)
        .contains("\"steps\" : 4,", "\"stepsCompleted\" : 2", "\"refineChannels\" : 0")
        .containsPattern("\"styleWeights\" : \\[ 1\\.0, 1\\.0, 1\\.0, 1\\.0, 2\\.0, 3\\.0 \\]");
  }

  @Test
  void badStyleWeightsAndStopStepsAreRefusedBeforeAnythingRuns() {
    CliRun unknown = run("train", "--out", "x", "--style-weights", "clouds=2");
    assertThat(unknown.code()).isNotZero();
    assertThat(unknown.err()).contains("no style \"clouds\"", "flow_field", "geometric");
    CliRun zero = run("train", "--out", "x", "--style-weights", "waves=0");
    assertThat(zero.code()).isNotZero();
    assertThat(zero.err()).contains("waves must weigh more than 0");
    CliRun late = run("train", "--out", "x", "--steps", "5", "--stop-after", "6");
    assertThat(late.code()).isNotZero();
    assertThat(late.err()).contains("--stop-after must be a step from 1 to --steps (5)");
  }

  @Test
  void trainListGenerateAndCatalog() throws Exception {
    Path model = home.resolve("data/models/mini");
    CliRun train =
        run(
            "train",
            "--out",
            model.toString(),
            "--name",
            "mini",
            "--steps",
            "2",
            "--batch",
            "2",
            "--dataset-size",
            "36",
            "--checkpoint-every",
            "1");
    assertThat(train.code()).as(train.err()).isZero();
    assertThat(train.out()).contains("mini@1");
    assertThat(model.resolve("model.json")).exists();

    Path tuned = home.resolve("data/models/mini-tuned");
    CliRun fineTune =
        run(
            "train",
            "--from",
            "mini",
            "--out",
            tuned.toString(),
            "--name",
            "mini-tuned",
            "--steps",
            "1",
            "--batch",
            "2",
            "--dataset-size",
            "36");
    assertThat(fineTune.code()).as(fineTune.err()).isZero();
    assertThat(Files.readString(tuned.resolve("model.json")))
        .contains("\"startedFrom\"", "\"model\" : \"mini@1\"");

    CliRun list = run("models", "list");
    assertThat(list.out()).containsPattern("mini@1\\s+Atelier UNet\\s+7\\.\\d\\d MB");
    assertThat(run("models", "verify", "mini").out()).contains("mini@1", "ok");

    Path out = home.resolve("images");
    CliRun gen =
        run(
            "generate",
            "--model",
            "mini",
            "-p",
            "starfield in dusk colours",
            "--seed",
            "5",
            "--steps",
            "3",
            "--sampler",
            "ddim",
            "-n",
            "2",
            "--out",
            out.toString());
    assertThat(gen.code()).as(gen.err()).isZero();
    String[] files = gen.out().strip().split("\n");
    assertThat(files).hasSize(2);
    assertThat(Path.of(files[0])).exists().hasFileName("000001-0-s5.png");
    assertThat(gen.err()).contains("2 variant(s) of mini@1, seed 5, ddim 3 steps");

    assertThat(run("catalog", "list").out())
        .contains("mini@1", "DONE", "starfield in dusk colours");

    CliRun badSampler = run("generate", "--model", "mini", "-p", "x", "--sampler", "fancy");
    assertThat(badSampler.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(badSampler.err()).contains("dpmpp-2m-karras", "lcm");

    CliRun lcm =
        run(
            "generate",
            "--model",
            "mini",
            "-p",
            "starfield",
            "--sampler",
            "lcm",
            "--steps",
            "2",
            "--cfg",
            "1",
            "--seed",
            "6",
            "--out",
            home.resolve("lcm").toString());
    assertThat(lcm.code()).as(lcm.err()).isZero();
    assertThat(lcm.err()).contains("lcm 2 steps");
    CliRun lcmTooLong =
        run("generate", "--model", "mini", "-p", "x", "--sampler", "lcm", "--steps", "60");
    assertThat(lcmTooLong.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(lcmTooLong.err()).contains("1 to 50 steps");

    try (RandomAccessFile f =
        new RandomAccessFile(model.resolve("weights.ndlist").toFile(), "rw")) {
      f.seek(100);
      int b = f.read();
      f.seek(100);
      f.write(b ^ 0xff);
    }
    CliRun corrupt = run("generate", "--model", "mini", "-p", "x", "--seed", "1");
    assertThat(corrupt.code()).isEqualTo(ExitCodes.MODEL);
    assertThat(corrupt.err()).contains("weights.ndlist", "corrupt");
    assertThat(run("models", "verify", "mini").code()).isEqualTo(ExitCodes.MODEL);
    assertThat(Files.list(out).count()).as("nothing written by the failed runs").isEqualTo(2);
  }
}

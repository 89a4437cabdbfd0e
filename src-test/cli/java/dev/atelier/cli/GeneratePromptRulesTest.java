package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The prompt rules on the command line, with the built-in model: an empty or over-long prompt is
 * bad input (exit 3) and nothing is generated; a prompt in which the model finds no style still
 * generates, with a note listing the words it knows.
 */
class GeneratePromptRulesTest {

  @TempDir Path home;

  private CliRun run(String... args) {
    return CliRun.of(home, "", args);
  }

  private Path out() {
    return home.resolve("out");
  }

  @Test
  void anEmptyPromptIsBadInput() {
    CliRun r = run("generate", "-p", "", "--out", out().toString());
    assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.err()).contains("atelier: The prompt is empty: describe what to make.");
    assertThat(r.out()).isEmpty();
    assertThat(out()).doesNotExist();

    assertThat(run("generate", "-p", "   ", "--out", out().toString()).code())
        .isEqualTo(ExitCodes.BAD_INPUT);
  }

  @Test
  void aFiveThousandCharacterPromptIsBadInputAndNothingIsRecorded() {
    String huge = "sunset over the sea ".repeat(250);
    assertThat(huge).hasSize(5000);

    CliRun r = run("generate", "-p", huge, "--out", out().toString());

    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.err())
        .contains(
            "atelier: The prompt is 1000 words long; atelier-tiny@4 reads at most 75 words."
                + " Shorten it to what matters most.");
    assertThat(r.out()).isEmpty();
    assertThat(run("catalog", "list").out()).startsWith("No generations yet");
  }

  @Test
  void aPromptWithNoStyleTheModelKnowsGeneratesWithANote() {
    CliRun r =
        run(
            "generate",
            "-p",
            "concentric rings in ocean colours",
            "--steps",
            "1",
            "--size",
            "32",
            "-n",
            "1",
            "--seed",
            "3",
            "--out",
            out().toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().strip()).endsWith("000001-0-s3.png");
    assertThat(r.err())
        .contains(
            "Note: The model knows no style in this prompt, so it picks one at random. Styles it"
                + " understands: sunset (")
        .contains("flow field", "Colours: ember");

    CliRun known =
        run(
            "generate",
            "-p",
            "sunset",
            "--steps",
            "1",
            "--size",
            "32",
            "-n",
            "1",
            "--out",
            out().toString());
    assertThat(known.code()).as(known.err()).isZero();
    assertThat(known.err()).doesNotContain("Note:");
  }

  @Test
  void aBatchFileWithAnOverLongLineIsRefusedWholeAndUnknownStylesAreNamedByLine() throws Exception {
    Path file = home.resolve("prompts.csv");
    Files.writeString(
        file, "prompt,steps,size\nsunset,1,32\n" + "mountain ".repeat(90).strip() + ",1,32\n");
    CliRun refused = run("batch", file.toString(), "--out", out().toString());
    assertThat(refused.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(refused.err())
        .contains("has errors (nothing was generated)")
        .contains("line 3: The prompt is 90 words long; atelier-tiny@4 reads at most 75 words.");
    assertThat(out()).doesNotExist();

    Files.writeString(file, "prompt,steps,size\nsunset,1,32\nconcentric rings,1,32\n");
    CliRun ran = run("batch", file.toString(), "--out", out().toString());
    assertThat(ran.code()).as(ran.err()).isZero();
    assertThat(ran.err())
        .contains("Line(s) 3:\nNote: The model knows no style in this prompt")
        .contains("2 item(s): 2 generated");
  }
}

package dev.atelier.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.diffusion.GenerationDefaults;
import dev.atelier.diffusion.sampling.SamplerKind;
import dev.atelier.generate.GenerationRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchFileTest {

  @TempDir Path dir;
  private final GenerationDefaults defaults =
      new GenerationDefaults("dpmpp-2m-karras", 20, 3.0, 64, 64);

  private Path write(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  static List<GenerationRequest> settings(List<BatchItem> items) {
    return items.stream().map(BatchItem::settings).toList();
  }

  @Test
  void csvWithQuotesCommasLineBreaksAndAliases() throws Exception {
    Path file =
        write(
            "p.csv",
            "\uFEFFPrompt,negative_prompt,seed,Guidance,size\r\n"
                + "\"sunset, over waves\",,7,4.5,\n"
                + "\"a \"\"quoted\"\" word\nacross lines\",mono,,,32x32\n"
                + "\n"
                + "stars\n");
    BatchFile batch = BatchFile.read(file);
    assertThat(batch.entries()).hasSize(3);
    assertThat(batch.entries().get(0).get("prompt")).isEqualTo("sunset, over waves");
    assertThat(batch.entries().get(1).get("prompt")).isEqualTo("a \"quoted\" word\nacross lines");
    assertThat(batch.entries().get(2).line()).isEqualTo(6);

    List<GenerationRequest> requests = settings(BatchService.resolve(batch, defaults, 2));
    assertThat(requests.get(0).seed()).isEqualTo(7);
    assertThat(requests.get(0).guidance()).isEqualTo(4.5);
    assertThat(requests.get(0).variants()).isEqualTo(2);
    assertThat(requests.get(1).negativePrompt()).isEqualTo("mono");
    assertThat(requests.get(1).width()).isEqualTo(32);
    assertThat(requests.get(2).sampler()).isEqualTo(SamplerKind.DPMPP_2M_KARRAS);
  }

  @Test
  void missingSeedsAreDerivedFromTheFileSoAResumedRunMatches() throws Exception {
    Path file = write("p.jsonl", "{\"prompt\":\"waves\"}\n\n{\"prompt\":\"peaks\",\"steps\":5}\n");
    List<GenerationRequest> first =
        settings(BatchService.resolve(BatchFile.read(file), defaults, 1));
    List<GenerationRequest> again =
        settings(BatchService.resolve(BatchFile.read(file), defaults, 1));
    assertThat(first).isEqualTo(again);
    assertThat(first.get(0).seed()).isNotEqualTo(first.get(1).seed()).isBetween(0L, 1L << 48);
    assertThat(first.get(1).steps()).isEqualTo(5);
    Files.writeString(file, "{\"prompt\":\"waves\"}\n{\"prompt\":\"peaks\",\"steps\":6}\n");
    assertThat(BatchService.resolve(BatchFile.read(file), defaults, 1).get(0).settings().seed())
        .as("another file, other seeds")
        .isNotEqualTo(first.get(0).seed());
  }

  @Test
  void everyBadLineIsReportedBeforeAnythingRuns() throws Exception {
    Path file =
        write(
            "bad.csv",
            "prompt,steps,sampler\nok,10,ddim\nbad steps,ten,ddim\nbad sampler,10,fancy\n");
    assertThatThrownBy(() -> BatchService.resolve(BatchFile.read(file), defaults, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nothing was generated")
        .hasMessageContaining("line 3, column steps: steps must be a whole number, not \"ten\"")
        .hasMessageContaining("line 4, column sampler: Unknown sampler");
  }

  @Test
  void lcmLinesGetTheirSamplerAndItsStepLimit() throws Exception {
    Path ok =
        write("lcm.csv", "prompt,steps,sampler,cfg\nfew steps,4,lcm,1\nmodel's steps,,lcm,\n");
    List<GenerationRequest> requests =
        settings(BatchService.resolve(BatchFile.read(ok), defaults, 1));
    assertThat(requests).extracting(GenerationRequest::sampler).containsOnly(SamplerKind.LCM);
    assertThat(requests.get(0).steps()).isEqualTo(4);
    assertThat(requests.get(0).guidance()).isEqualTo(1.0);
    assertThat(requests.get(1).steps()).isEqualTo(20);

    Path tooLong = write("long.csv", "prompt,steps,sampler\nslow,60,lcm\n");
    assertThatThrownBy(() -> BatchService.resolve(BatchFile.read(tooLong), defaults, 1))
        .hasMessageContaining("line 2: The lcm sampler takes 1 to 50 steps, not 60");
  }

  @Test
  void malformedFilesGiveClearErrors() throws Exception {
    assertThatThrownBy(() -> BatchFile.read(write("x.txt", "prompt\na\n")))
        .hasMessageContaining(".csv (with a header row) or .jsonl");
    assertThatThrownBy(() -> BatchFile.read(write("u.csv", "prompt,colour\na,red\n")))
        .hasMessageContaining("unknown field \"colour\"");
    assertThatThrownBy(() -> BatchFile.read(write("e.csv", "prompt\n")))
        .hasMessageContaining("holds no prompts");
    assertThatThrownBy(() -> BatchFile.read(write("n.jsonl", "{\"seed\":1}\n")))
        .hasMessageContaining("line 1: no prompt");
    assertThatThrownBy(() -> BatchFile.read(write("j.jsonl", "{\"prompt\":\"a\"}\n{oops\n")))
        .hasMessageContaining("line 2: not valid JSON");
    assertThatThrownBy(() -> BatchFile.read(write("q.csv", "prompt\n\"never closed\n")))
        .hasMessageContaining("quoted field is not closed");
  }
}

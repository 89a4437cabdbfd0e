package dev.atelier.diffusion.sd.lora;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.diffusion.sd.checkpoint.DetectedCheckpoint;
import dev.atelier.diffusion.sd.clip.ClipTextConfig;
import dev.atelier.diffusion.sd.clip.ClipTextEncoder;
import dev.atelier.diffusion.sd.unet.UNetConfig;
import dev.atelier.diffusion.sd.unet.UNetShapes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every module kohya's LoRA and LoCon networks name in SD 1.5 (350: 192 in the transformers, 80
 * resnet convolutions, 6 resamplers, 72 in the text encoder) finds the weight that diffusers' own
 * converters give it: {@code src-test/fixtures/lora/kohya-sd15.txt}, made by {@code
 * make_reference.py} there with diffusers' {@code lora_conversion_utils.py} and {@code
 * convert_diffusers_to_original_stable_diffusion.py}.
 */
class KohyaNamesReferenceTest {

  static final Path FIXTURE = Path.of(System.getProperty("atelier.fixtures"), "lora");

  @Test
  void kohyaNamesFindTheWeightsDiffusersConvertersGive() throws Exception {
    Map<String, String> reference = new LinkedHashMap<>();
    for (String line : Files.readAllLines(FIXTURE.resolve("kohya-sd15.txt"))) {
      String[] parts = line.split(" ");
      reference.put(parts[0], parts[1]);
    }
    assertThat(reference).hasSize(350);
    UNetConfig unet = UNetConfig.sd15();
    LoraTargets targets =
        new LoraTargets(
            UNetShapes.shapes(unet),
            unet,
            DetectedCheckpoint.UNET_PREFIX,
            ClipTextEncoder.shapes(ClipTextConfig.sd15()),
            ClipTextEncoder.LDM_PREFIX);
    Map<String, String> ours = new LinkedHashMap<>();
    for (String name : reference.keySet()) {
      LoraTargets.Target t = targets.find(name);
      ours.put(name, t == null ? "(none)" : t.key());
    }
    assertThat(ours).containsExactlyEntriesOf(reference);
    List<String> diffusersNamed =
        targets.names().stream()
            .filter(
                n ->
                    !n.matches(
                        "lora_unet_(input_blocks|middle_block|output_blocks|out|time_embed)_.*"))
            .filter(n -> !n.matches("lora_unet_(conv_in|conv_out|time_embedding_linear_[12])"))
            .sorted()
            .toList();
    assertThat(diffusersNamed)
        .as("no diffusers-style name beyond kohya's")
        .containsExactlyInAnyOrderElementsOf(reference.keySet());
  }
}

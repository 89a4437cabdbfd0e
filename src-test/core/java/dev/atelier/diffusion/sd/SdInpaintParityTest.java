package dev.atelier.diffusion.sd;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.atelier.diffusion.GrayImage;
import dev.atelier.diffusion.RgbImage;
import dev.atelier.diffusion.SoftMask;
import dev.atelier.diffusion.safetensors.SafetensorsFile;
import dev.atelier.diffusion.sampling.NoiseSchedule;
import dev.atelier.diffusion.sd.checkpoint.Checkpoints;
import dev.atelier.diffusion.sd.checkpoint.DetectedCheckpoint;
import dev.atelier.diffusion.sd.checkpoint.Family;
import dev.atelier.diffusion.sd.unet.SdUNet;
import dev.atelier.diffusion.sd.vae.Vae;
import dev.atelier.engine.EngineInfo;
import dev.atelier.task.CancellationToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.junit.jupiter.api.Test;

/**
 * The inpainting UNet's input against the reference: the reduced 9-channel checkpoint and the
 * evaluation in {@code src-test/fixtures/sd-native/inpaint} come from {@code
 * make_inpaint_fixture.py}, which runs CompVis's UNetModel (in_channels 9) and VAE encoder on the
 * input runwayml's {@code LatentInpaintDiffusion} and diffusers' inpainting pipeline build: {@code
 * cat([x, mask, VAE(image * (mask < 0.5))])}.
 *
 * <p>Atelier builds the same from the picture and the mask by its own path: the checkpoint is found
 * to be an inpainting one from its {@code conv_in} shape; {@link SoftMask} blanks the picture and
 * shrinks the mask to the latents; the VAE encoder gives the masked picture's latents; {@link
 * UNetDenoiser#inpainting}, which {@link SdCheckpointModel} uses, joins them to the noisy latents.
 * The UNet's prediction must match the reference's; with the two extra inputs swapped it is far off
 * (the script prints by how much: 1.4 where the largest value is 2.4).
 *
 * <p>Measured (JDK 25, DJL 0.36 with PyTorch 2.7.1 on the CPU), max abs error relative to the
 * largest value: the masked picture's latents 9.3e-7 (the reference's VAE runs in float64), the
 * UNet's prediction 1.4e-6. The tolerances are about ten times that; the masked picture and the
 * mask at the latents' size must be exact.
 */
class SdInpaintParityTest {

  static final Path DIR = Path.of(System.getProperty("atelier.fixtures"), "sd-native", "inpaint");
  static final Path CHECKPOINT = DIR.resolve("sd1-inpaint-reduced.safetensors");

  @Test
  void theInpaintingInputGivesTheReferencesPrediction() throws IOException {
    DetectedCheckpoint detected = Checkpoints.inspect(CHECKPOINT);
    assertThat(detected.inpainting()).as("9 input channels in conv_in").isTrue();
    assertThat(detected.unet().inChannels()).isEqualTo(9);
    assertThat(detected.unet().outChannels()).isEqualTo(4);
    try (NDManager m = EngineInfo.pytorch().newBaseManager();
        SafetensorsFile weights = SafetensorsFile.open(CHECKPOINT)) {
      Map<String, NDArray> io = readIo(m);
      RgbImage picture = picture(io.get("rgb"));
      GrayImage gray = gray(io.get("mask"));
      SoftMask mask = SoftMask.of(gray, 64, 48, 0);
      NDArray pixels = mask.maskedPixels(m, picture);
      assertThat(mismatches(pixels, io.get("masked_image")))
          .as("values of the masked picture that differ")
          .isZero();
      NDArray cells = mask.atSampleSize(m, 8, 6);
      assertThat(mismatches(cells, io.get("mask_latent")))
          .as("values of the mask at the latents' size that differ")
          .isZero();

      Vae vae =
          Vae.load(
              weights,
              DetectedCheckpoint.VAE_PREFIX,
              SdArchitecture.vae(
                  detected.vae().orElseThrow(), (float) Family.SD1.vaeScalingFactor()),
              true,
              m);
      NDArray latents = vae.encode(pixels).mode();
      assertClose("masked picture's latents", io.get("masked_latents"), latents, 1e-5, 0.1f);

      SdUNet unet = new SdUNet(SdArchitecture.unet(detected.unet()));
      assertThat(unet.config().inChannels()).isEqualTo(9);
      assertThat(unet.loadWeights(weights, DetectedCheckpoint.UNET_PREFIX, m)).isEmpty();
      NoiseSchedule schedule = NoiseSchedule.scaledLinear(1000, 0.00085, 0.012);
      var lock = new ReentrantReadWriteLock();
      UNetDenoiser denoiser =
          UNetDenoiser.inpainting(unet, schedule, lock, CancellationToken.NONE, cells, latents);
      try (NDManager step = m.newSubManager()) {
        NDArray x = io.get("x").duplicate();
        x.attach(step);
        NDArray eps = denoiser.predictNoise(x, io.get("t"), io.get("context"));
        assertThat(eps.getShape()).isEqualTo(new Shape(2, 4, 6, 8));
        assertClose("UNet on the inpainting input", io.get("eps"), eps, 2e-5, 0.5f);

        // [latents, mask] instead of [mask, latents]: the same channels in another order.
        NDArray first = latents.get(":, :1");
        NDArray rest = latents.get(":, 1:").concat(cells, 1);
        UNetDenoiser swapped =
            UNetDenoiser.inpainting(unet, schedule, lock, CancellationToken.NONE, first, rest);
        float off =
            swapped
                .predictNoise(x, io.get("t"), io.get("context"))
                .sub(io.get("eps"))
                .abs()
                .max()
                .getFloat();
        assertThat(off).as("the inputs in another order").isGreaterThan(0.1f);
      }
    }
  }

  /** How many values differ (0 and -0 are the same value: the reference multiplies by 0). */
  private static int mismatches(NDArray actual, NDArray expected) {
    assertThat(actual.getShape()).isEqualTo(expected.getShape());
    float[] a = actual.toFloatArray();
    float[] e = expected.toFloatArray();
    int differ = 0;
    for (int i = 0; i < a.length; i++) {
      differ += a[i] == e[i] ? 0 : 1;
    }
    return differ;
  }

  private static RgbImage picture(NDArray rgb) {
    Shape s = rgb.getShape();
    float[] values = rgb.toFloatArray();
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) Math.round(values[i]);
    }
    return new RgbImage((int) s.get(1), (int) s.get(0), bytes);
  }

  private static GrayImage gray(NDArray mask) {
    Shape s = mask.getShape();
    float[] values = mask.toFloatArray();
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) Math.round(values[i]);
    }
    return new GrayImage((int) s.get(1), (int) s.get(0), bytes);
  }

  private static void assertClose(
      String what, NDArray expected, NDArray actual, double relative, float least) {
    assertThat(actual.getShape()).as(what).isEqualTo(expected.getShape());
    float error = actual.sub(expected).abs().max().getFloat();
    float scale = expected.abs().max().getFloat();
    System.out.printf(
        Locale.ROOT,
        "inpainting parity, %s: max abs error %.3g, max |x| %.3g, relative %.3g%n",
        what,
        error,
        scale,
        error / scale);
    assertThat(scale).as(what + " is not degenerate").isGreaterThan(least);
    assertThat((double) error).as(what + ": max abs error").isLessThan(relative * scale);
  }

  private static Map<String, NDArray> readIo(NDManager m) throws IOException {
    try (InputStream in = Files.newInputStream(DIR.resolve("inpaint-io.safetensors"))) {
      Map<String, NDArray> out = new LinkedHashMap<>();
      for (NDArray a : NDList.decode(m, in)) {
        out.put(a.getName(), a.toType(DataType.FLOAT32, false));
      }
      return out;
    }
  }
}

package dev.atelier.diffusion.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.diffusion.Denoiser;
import dev.atelier.engine.EngineInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GuidedModelTest {

  private static final NoiseSchedule SD = NoiseSchedule.scaledLinear(1000, 0.00085, 0.012);

  private NDManager manager;

  @BeforeEach
  void open() {
    manager = EngineInfo.pytorch().newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  /**
   * eps = 0.5 x + c, with c the conditioning value of the row (shape (B, 1, 1, 1)), so conditional
   * and unconditional predictions differ. Records what every forward pass saw.
   */
  private static final class Recording implements Denoiser {
    final List<float[]> xs = new ArrayList<>();
    final List<float[]> timesteps = new ArrayList<>();
    final List<float[]> conditionings = new ArrayList<>();

    @Override
    public NDArray predictNoise(NDArray x, NDArray t, NDArray conditioning) {
      xs.add(x.toFloatArray());
      timesteps.add(t.toFloatArray());
      conditionings.add(conditioning.toFloatArray());
      return x.mul(0.5f).add(conditioning);
    }

    @Override
    public NoiseSchedule schedule() {
      return SD;
    }
  }

  @Test
  void guidanceRunsOneForwardPassOnTheDoubledBatch() {
    Recording model = new Recording();
    NDArray cond = manager.create(new float[] {1, 2}, new Shape(2, 1, 1, 1));
    NDArray uncond = manager.create(new float[] {10, 20}, new Shape(2, 1, 1, 1));
    GuidedModel guided = GuidedModel.guided(model, cond, uncond, 3.0);
    assertThat(guided.isGuided()).isTrue();
    float[] xValues = {0.1f, 0.2f, 0.3f, 0.4f, -1, -2, -3, -4};
    NDArray x = manager.create(xValues, new Shape(2, 1, 2, 2));

    float[] eps = guided.predictNoise(x, 250.5).toFloatArray();

    assertThat(model.xs).hasSize(1);
    float[] seenX = model.xs.get(0);
    assertThat(seenX).hasSize(16);
    for (int i = 0; i < 8; i++) {
      assertThat(seenX[i]).isEqualTo(xValues[i]);
      assertThat(seenX[i + 8]).isEqualTo(xValues[i]);
    }
    assertThat(model.conditionings.get(0)).containsExactly(10, 20, 1, 2);
    assertThat(model.timesteps.get(0)).containsExactly(250.5f, 250.5f, 250.5f, 250.5f);
    // eps_u + g (eps_c - eps_u) = 0.5 x + u + g (c - u)
    for (int i = 0; i < 8; i++) {
      float u = i < 4 ? 10 : 20;
      float c = i < 4 ? 1 : 2;
      assertThat(eps[i]).isCloseTo(0.5f * xValues[i] + u + 3 * (c - u), within(1e-5f));
    }
  }

  @Test
  void guidanceOneOrNoUnconditionalRunsThePlainBatch() {
    NDArray cond = manager.create(new float[] {1, 2}, new Shape(2, 1, 1, 1));
    NDArray uncond = manager.create(new float[] {10, 20}, new Shape(2, 1, 1, 1));
    NDArray x = manager.create(new float[] {4, 8}, new Shape(2, 1, 1, 1));
    for (GuidedModel plain :
        List.of(
            GuidedModel.guided(new Recording(), cond, uncond, 1.0),
            GuidedModel.guided(new Recording(), cond, null, 7.5),
            GuidedModel.unguided(new Recording(), cond))) {
      assertThat(plain.isGuided()).isFalse();
      assertThat(plain.predictNoise(x, 10).toFloatArray()).containsExactly(3, 6);
    }
    Recording model = new Recording();
    GuidedModel.guided(model, cond, uncond, 1.0).predictNoise(x, 10);
    assertThat(model.xs).hasSize(1);
    assertThat(model.conditionings.get(0)).containsExactly(1, 2);
  }

  @Test
  void conditioningMustMatchTheBatch() {
    NDArray cond = manager.create(new float[] {1, 2, 3}, new Shape(3, 1, 1, 1));
    NDArray x = manager.create(new float[] {4, 8}, new Shape(2, 1, 1, 1));
    assertThatThrownBy(() -> GuidedModel.unguided(new Recording(), cond).predictNoise(x, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("conditioning has 3 rows for a batch of 2 variants");
    NDArray uncond = manager.create(new float[] {1, 2}, new Shape(2, 1, 1, 1));
    assertThatThrownBy(() -> GuidedModel.guided(new Recording(), cond, uncond, 7.5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @EnumSource(SamplerKind.class)
  void everySamplerMakesOneForwardPassPerStep(SamplerKind kind) {
    NDArray cond = manager.create(new float[] {1, 2, 3}, new Shape(3, 1, 1, 1));
    NDArray uncond = manager.create(new float[] {0, 0, 0}, new Shape(3, 1, 1, 1));
    for (double guidance : new double[] {7.5, 1.0}) {
      AnalyticDenoisers.Counting model =
          new AnalyticDenoisers.Counting(new AnalyticDenoisers.Gaussian(SD, 0, 0.5));
      GuidedModel guided = GuidedModel.guided(model, cond, uncond, guidance);
      SamplingRun run =
          SamplingRun.of(guided, NoiseSource.seeded(1, 2, 3), new Shape(1, 4, 4), 7, manager);
      kind.create().sample(run).close();
      long batch = guidance == 1.0 ? 3 : 6;
      assertThat(model.batchSizes)
          .as("guidance %s", guidance)
          .isEqualTo(Collections.nCopies(7, batch));
    }
    // The caller's conditioning is neither moved nor closed by the runs.
    assertThat(cond.getManager()).isSameAs(manager);
    assertThat(uncond.toFloatArray()).containsExactly(0, 0, 0);
    assertThat(manager.getManagedArrays()).containsExactlyInAnyOrder(cond, uncond);
  }
}

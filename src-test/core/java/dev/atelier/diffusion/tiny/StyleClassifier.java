package dev.atelier.diffusion.tiny;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.atelier.diffusion.tiny.data.ProceduralDataset;
import dev.atelier.diffusion.tiny.data.Style;
import dev.atelier.engine.EngineInfo;
import java.util.SplittableRandom;

/**
 * The judge of the quality test: a small convolutional classifier that tells the six procedural
 * styles apart. It is independent of the generator — its own architecture, trained with DJL's
 * standard trainer and loss on a procedural set drawn with another seed — so it measures whether
 * generated images look like the requested style, not whether they look like the generator's
 * training batches.
 */
final class StyleClassifier implements AutoCloseable {

  private final Model model;
  private final Trainer predictor;

  private StyleClassifier(Model model, Trainer predictor) {
    this.model = model;
    this.predictor = predictor;
  }

  /** Trains on {@code train} for {@code steps} batches of 32. */
  static StyleClassifier train(ProceduralDataset train, int steps, long seed) {
    EngineInfo.pytorch().setRandomSeed((int) seed);
    SequentialBlock net =
        new SequentialBlock()
            .add(Pool.avgPool2dBlock(new Shape(2, 2)))
            .add(conv(16))
            .add(Activation::relu)
            .add(Pool.maxPool2dBlock(new Shape(2, 2)))
            .add(conv(32))
            .add(Activation::relu)
            .add(Pool.maxPool2dBlock(new Shape(2, 2)))
            .add(conv(64))
            .add(Activation::relu)
            .add(Pool.globalAvgPool2dBlock())
            .add(Blocks.batchFlattenBlock())
            .add(Linear.builder().setUnits(Style.values().length).build());
    Model model = Model.newInstance("style-classifier", EngineInfo.PYTORCH);
    model.setBlock(net);
    Trainer trainer =
        model.newTrainer(
            new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(
                    Optimizer.adam().optLearningRateTracker(Tracker.fixed(2e-3f)).build()));
    int size = train.size();
    trainer.initialize(new Shape(32, 3, size, size));
    SplittableRandom random = new SplittableRandom(seed);
    for (int step = 0; step < steps; step++) {
      try (NDManager batchManager = trainer.getManager().newSubManager()) {
        int[] indices = new int[32];
        for (int i = 0; i < indices.length; i++) {
          indices[i] = random.nextInt(train.count());
        }
        NDArray x = images(batchManager, train, indices);
        float[] labels = new float[indices.length];
        for (int i = 0; i < indices.length; i++) {
          labels[i] = train.style(indices[i]).ordinal();
        }
        NDArray y = batchManager.create(labels);
        try (GradientCollector collector = trainer.newGradientCollector()) {
          NDList out = trainer.forward(new NDList(x));
          NDArray loss = trainer.getLoss().evaluate(new NDList(y), out);
          collector.backward(loss);
        }
        trainer.step();
      }
    }
    return new StyleClassifier(model, trainer);
  }

  private static Conv2d conv(int filters) {
    return Conv2d.builder()
        .setFilters(filters)
        .setKernelShape(new Shape(3, 3))
        .optPadding(new Shape(1, 1))
        .build();
  }

  private static NDArray images(NDManager m, ProceduralDataset set, int[] indices) {
    int pixels = 3 * set.size() * set.size();
    float[] data = new float[indices.length * pixels];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(set.get(indices[i]).chw(), 0, data, i * pixels, pixels);
    }
    return m.create(data, new Shape(indices.length, 3, set.size(), set.size()));
  }

  /** The most likely style of each image, (N, 3, S, S) channel-first floats in [-1, 1]. */
  Style[] classify(float[] chw, int count, int size) {
    try (NDManager m = predictor.getManager().newSubManager()) {
      NDArray x = m.create(chw, new Shape(count, 3, size, size));
      NDArray logits = predictor.evaluate(new NDList(x)).head();
      long[] best = logits.argMax(1).toLongArray();
      Style[] out = new Style[count];
      for (int i = 0; i < count; i++) {
        out[i] = Style.values()[(int) best[i]];
      }
      return out;
    }
  }

  @Override
  public void close() {
    predictor.close();
    model.close();
  }
}

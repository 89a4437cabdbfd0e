package dev.atelier.diffusion.sd.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.atelier.diffusion.sd.unet.UNetLayout.Down;
import dev.atelier.diffusion.sd.unet.UNetLayout.InConv;
import dev.atelier.diffusion.sd.unet.UNetLayout.Layer;
import dev.atelier.diffusion.sd.unet.UNetLayout.Res;
import dev.atelier.diffusion.sd.unet.UNetLayout.Transformer;
import dev.atelier.diffusion.sd.unet.UNetLayout.Up;
import java.util.ArrayList;
import java.util.List;

/**
 * One of the UNet's blocks ({@code input_blocks.N}, {@code middle_block}, {@code output_blocks.N}):
 * its layers, named {@code 0}, {@code 1}, … and run in order, each given what it reads (the
 * timestep embedding, the text context, or only the feature map).
 */
final class Stage extends AbstractBlock {

  private static final byte VERSION = 1;

  private final List<Block> layers = new ArrayList<>();

  Stage(List<Layer> plan, UNetConfig config) {
    super(VERSION);
    for (Layer layer : plan) {
      layers.add(addChildBlock(Integer.toString(layers.size()), build(layer, config)));
    }
  }

  private static Block build(Layer layer, UNetConfig c) {
    return switch (layer) {
      case InConv i -> Layers.conv(i.out(), 3, 1);
      case Res r -> new UNetResBlock(r.in(), r.out(), c.groups());
      case Transformer t ->
          new SpatialTransformer(t.channels(), c.heads(), c.transformerDepth(), c.groups());
      case Down d -> Resample.down(d.channels());
      case Up u -> Resample.up(u.channels());
    };
  }

  /** Layer {@code m} of this block. */
  Block layer(int m) {
    return layers.get(m);
  }

  NDArray apply(ParameterStore ps, NDArray x, NDArray emb, NDArray context) {
    NDArray h = x;
    for (Block layer : layers) {
      h = layer instanceof UNetLayer l ? l.apply(ps, h, emb, context) : Layers.apply(layer, ps, h);
    }
    return h;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(apply(ps, inputs.get(0), inputs.get(1), inputs.get(2)));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape[] s = inputShapes;
    for (Block layer : layers) {
      s = layer.getOutputShapes(s);
    }
    return s;
  }
}
